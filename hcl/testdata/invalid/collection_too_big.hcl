locals {
  cube = length(setproduct(range(1000), range(1000), range(1000))) # ERROR: Error in function call
  fine = length(setproduct(range(100), range(100)))
  wide = format("%2000000000d", 1) # ERROR: Error in function call
  deep = indent(2000000000, "a\nb") # ERROR: Error in function call
}
