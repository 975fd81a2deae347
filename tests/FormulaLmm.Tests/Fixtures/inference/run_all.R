# Regenerates the inference fixtures (issue 14):
#   cd tests/FormulaLmm.Tests/Fixtures/inference && setarch "$(uname -m)" -R Rscript run_all.R
# FIXTURE_ONLY=regex refits only the matching model cases; SKIP_EXTRAS=1 skips the
# likelihood-ratio, simulate and bootstrap fixtures (compare.R, simulate_shape.R, bootstrap.R,
# which can also be run on their own). FORMULALMM_SHARED_DATA overrides /work/shared/data.
invisible(Sys.setlocale("LC_COLLATE", "C"))   # byte order for character factor levels
source("inference_helpers.R")
source("simulate_data.R")
source("newdata.R")
source("cases.R")
source("kr_big_data.R")

write_simulated_data(".")
write_newdata(".")
# InstEval subset: the rows of the shared InstEval.csv with s <= 60, columns as there
ie <- read.csv(file.path(shared_data_dir(), "InstEval.csv"), stringsAsFactors = FALSE)
write.csv(ie[ie$s <= 60, ], "insteval_s60.csv", row.names = FALSE)
# The 20,000-row Kenward-Roger model: generated (not committed, see .gitignore)
big <- write_kr_big("kr_big.csv")
big_checksums <- list(rows = nrow(big), sum_x = Reduce(`+`, big$x), sum_y = Reduce(`+`, big$y),
                      first_x = big$x[1], first_y = big$y[1], last_y = big$y[nrow(big)])

only <- Sys.getenv("FIXTURE_ONLY", "")
index <- list()
for (cs in all_cases()) {
  index[[length(index) + 1]] <- record(case = cs$id, file = paste0(cs$id, ".json"), formula = cs$formula,
                                       method = if (cs$reml) "REML" else "ML",
                                       dataset = cs$dataset, data_file = cs$file)
  if (nzchar(only) && !grepl(only, cs$id)) next
  if (cs$id == "kr_big_reml")
    cs$extra <- list(data_generator = "kr_big_data.R", data_checksums = big_checksums)
  t0 <- proc.time()[["elapsed"]]
  run_case(cs, ".")
  cat(sprintf("%-28s %7.2f s\n", cs$id, proc.time()[["elapsed"]] - t0))
}
write_json_file(index, "index.json")

if (!nzchar(Sys.getenv("SKIP_EXTRAS", ""))) {
  for (s in c("compare.R", "simulate_shape.R", "bootstrap.R")) {
    t0 <- proc.time()[["elapsed"]]
    sys.source(s, envir = new.env(parent = globalenv()))
    cat(sprintf("%-28s %7.2f s\n", s, proc.time()[["elapsed"]] - t0))
  }
}

env <- list(
  r_version = R.version.string,
  lme4_version = as.character(packageVersion("lme4")),
  lmerTest_version = as.character(packageVersion("lmerTest")),
  pbkrtest_version = as.character(packageVersion("pbkrtest")),
  matrix_version = as.character(packageVersion("Matrix")),
  numDeriv_version = as.character(packageVersion("numDeriv")),
  nloptr_version = as.character(packageVersion("nloptr")),
  rng_kind = arr(RNGkind()),
  lc_collate = Sys.getlocale("LC_COLLATE")
)
write_json_file(env, "environment.json")
