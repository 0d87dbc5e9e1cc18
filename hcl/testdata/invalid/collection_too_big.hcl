locals {
  cube  = length(setproduct(range(1000), range(1000), range(1000))) # ERROR: Error in function call
  fine  = length(setproduct(range(100), range(100)))
  wide  = format("%2000000000d", 1) # ERROR: Error in function call
  deep  = indent(2000000000, "a\nb") # ERROR: Error in function call
  loops = [for a in range(400) : [for b in range(400) : 1]] # ERROR: Error in function call
  few   = [for a in range(200) : [for b in range(200) : a + b]]
  json  = jsondecode(join("", [for i in range(1001) : "["])) # ERROR: Error in function call
  zero  = file("/dev/zero") # ERROR: Error in function call
}
