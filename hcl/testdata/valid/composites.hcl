pipeline "composites" {
  on_failure = "fail_fast"
}

pool "db" {
  size = 1
}

pipe "prepare" {
  use   = "value"
  value = { rows = 3 }
}

# A composite: its steps run in parallel (not sequential); each waits for the
# composite, which waits for prepare.
pipe "etl" {
  depends_on  = [pipe.prepare]
  pool        = "db"
  timeout     = "5m"
  description = "extract, then transform and load"

  pipe "extract" {
    use     = "exec"
    command = ["./extract"]
  }

  # A nested sequential composite.
  pipe "tl" {
    sequential = true
    retries    = 1

    pipe "transform" {
      use     = "exec"
      command = ["./transform", pipe.extract.output.stdout]
    }
    pipe "load" {
      use     = "exec"
      command = ["./load"]
      pool    = "db"
      retries = 4
    }
    pipe "verify" {
      use     = "exec"
      command = ["./verify"]
    }
  }
}

# A reference to a composite waits for every typed pipe inside it.
pipe "report" {
  use   = "value"
  value = pipe.etl.output
}

pipe "cleanup" {
  use        = "exec"
  command    = ["./cleanup"]
  trigger    = "all_done"
  depends_on = [pipe.tl, pipe.prepare]
}

output "etl_status" {
  value = pipe.etl.status
}
