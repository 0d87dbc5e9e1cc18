package main

import "sync"

// procGroups are the process groups pipes of this process have started and not
// yet reaped. The second interrupt kills them before exiting at once: pipes run
// in process groups of their own, so the terminal's Ctrl-C does not reach them.
var procGroups = &groupSet{groups: map[int]int{}}

type groupSet struct {
	mu     sync.Mutex
	groups map[int]int // pgid → starts not yet released
}

// track records pgid until the returned release is called.
func (s *groupSet) track(pgid int) (release func()) {
	s.mu.Lock()
	s.groups[pgid]++
	s.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			s.mu.Lock()
			if s.groups[pgid]--; s.groups[pgid] <= 0 {
				delete(s.groups, pgid)
			}
			s.mu.Unlock()
		})
	}
}

// killAll sends SIGKILL to every tracked process group, and says to how many.
func (s *groupSet) killAll() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	for pgid := range s.groups {
		killGroup(pgid)
	}
	return len(s.groups)
}
