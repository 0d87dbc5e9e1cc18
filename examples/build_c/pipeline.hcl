# A C build as a Makefile would write it: one object per source, a link, a
# test, and a run of the program. Each compile names the files it reads
# (sources) and makes (generates): a second apply finds every pipe up to
# date and runs nothing; a changed source runs its compile and what is
# downstream of it, nothing else.

pipeline "build_c" {
  parallelism = 4
}

variable "cc" {
  default = "cc"
}

variable "cflags" {
  type    = list(string)
  default = ["-O2", "-Wall"]
}

locals {
  objects = toset(["main", "greet", "util"])
}

# At most two compilers at once, whatever the parallelism.
pool "cc" {
  size = 2
}

defaults {
  retries = 0
}

# One compile per object, each reading its own source and the headers.
pipe "compile" {
  for_each  = local.objects
  use       = "exec"
  pool      = "cc"
  script    = "mkdir -p build && ${var.cc} ${join(" ", var.cflags)} -Isrc -c src/${each.key}.c -o build/${each.key}.o"
  sources   = ["src/${each.key}.c", "src/*.h"]
  generates = ["build/${each.key}.o"]
}

pipe "compile_test" {
  use       = "exec"
  pool      = "cc"
  script    = "mkdir -p build && ${var.cc} ${join(" ", var.cflags)} -Isrc -c test/test_util.c -o build/test_util.o"
  sources   = ["test/test_util.c", "src/util.h"]
  generates = ["build/test_util.o"]
}

pipe "link" {
  use        = "exec"
  command    = [var.cc, "-o", "build/hello", "build/main.o", "build/greet.o", "build/util.o"]
  sources    = ["build/main.o", "build/greet.o", "build/util.o"]
  generates  = ["build/hello"]
  depends_on = [pipe.compile]
}

pipe "test" {
  use        = "exec"
  script     = "${var.cc} -o build/test_util build/test_util.o build/util.o && ./build/test_util"
  sources    = ["build/test_util.o", "build/util.o"]
  generates  = ["build/test_util"]
  depends_on = [pipe.compile_test, pipe.compile]
}

pipe "run" {
  use        = "exec"
  command    = ["./build/hello"]
  sources    = ["build/hello"]
  depends_on = [pipe.link, pipe.test]
}

output "says" {
  value = trimspace(pipe.run.output.stdout)
}
