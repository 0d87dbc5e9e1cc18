package dagrun

// EditDistanceForTest is editDistance, for the tests of the external test
// package.
var EditDistanceForTest = editDistance
