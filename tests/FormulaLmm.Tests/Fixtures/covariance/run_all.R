# Regenerates every covariance-structure fixture in this folder (issue 13):
#   cd tests/FormulaLmm.Tests/Fixtures/covariance && Rscript run_all.R
# FIXTURE_ONLY=regex refits only the matching case ids (data, index and environment are still
# rewritten). Takes 5-10 minutes on the shared 2-core machine, most of it in the
# "polish" step of likelihood.R (an independent optimisation from the reference's estimates).
invisible(Sys.setlocale("LC_COLLATE", "C"))
source("fit_helpers.R")
source("simulate_data.R")
source("cases.R")

write_simulated_data(".")

only <- Sys.getenv("FIXTURE_ONLY", "")
index <- list()
for (cs in all_cases()) {
  for (reml in c(TRUE, FALSE)) {
    id <- paste0(cs$id, if (reml) "_reml" else "_ml")
    index[[length(index) + 1]] <- record(case = id, file = paste0(id, ".json"), engine = cs$engine,
                                         method = if (reml) "REML" else "ML",
                                         formula = cs$formulalmm, residual = cs$residual %||% NULL,
                                         dataset = cs$dataset %||% NULL, data_file = cs$file %||% NULL)
    if (nzchar(only) && !grepl(only, id)) next
    t0 <- proc.time()[["elapsed"]]
    res <- fit_case(cs, reml, ".")
    cat(sprintf("%-36s %7.1f s  logLik %.8f  polished %+.2e\n", id, proc.time()[["elapsed"]] - t0,
                res$loglik, res$check$polished$improvement))
  }
}
write_json_file(index, "index.json")

write_json_file(list(
  r_version = R.version.string,
  glmmTMB_version = as.character(packageVersion("glmmTMB")),
  TMB_version = as.character(packageVersion("TMB")),
  nlme_version = as.character(packageVersion("nlme")),
  lme4_version = as.character(packageVersion("lme4")),
  Matrix_version = as.character(packageVersion("Matrix")),
  rng_kind = arr(RNGkind()),
  lc_collate = Sys.getlocale("LC_COLLATE"),
  glmmTMB_control = "glmmTMBControl() defaults (nlminb, eval.max 400, iter.max 300)",
  nlme_control = "lmeControl()/glsControl() defaults unless the case's r_call says otherwise"),
  "environment.json")
