package executor

// queue is a FIFO of node indices on a growable ring buffer.
type queue struct {
	buf  []int32
	head int
	n    int
}

func (q *queue) len() int { return q.n }

// reserve makes an empty queue's buffer hold n indices without growing.
func (q *queue) reserve(n int) {
	if q.n == 0 && n > len(q.buf) {
		q.buf, q.head = make([]int32, n), 0
	}
}

func (q *queue) push(i int32) {
	if q.n == len(q.buf) {
		nb := make([]int32, max(16, 2*len(q.buf)))
		for k := 0; k < q.n; k++ {
			nb[k] = q.buf[(q.head+k)%len(q.buf)]
		}
		q.buf, q.head = nb, 0
	}
	q.buf[(q.head+q.n)%len(q.buf)] = i
	q.n++
}

func (q *queue) pop() int32 {
	i := q.buf[q.head]
	q.head = (q.head + 1) % len(q.buf)
	q.n--
	return i
}
