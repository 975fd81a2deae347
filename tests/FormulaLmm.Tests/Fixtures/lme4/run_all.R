# Regenerates every lme4 reference fixture in this folder:
#   cd tests/FormulaLmm.Tests/Fixtures/lme4 && Rscript run_all.R
# Optional: FIXTURE_ONLY=regex to refit only matching cases; FORMULALMM_SHARED_DATA to point at
# the shared data sets (default /work/shared/data).
invisible(Sys.setlocale("LC_COLLATE", "C"))   # byte order for character factor levels
source("fixture_helpers.R")
source("simulate_data.R")
source("cases.R")

write_simulated_data(".")

only <- Sys.getenv("FIXTURE_ONLY", "")
cases <- all_cases()
index <- list()
for (cs in cases) {
  index[[length(index) + 1]] <- record(case = cs$id, file = paste0(cs$id, ".json"),
                                       formula = cs$formula, method = if (cs$reml) "REML" else "ML",
                                       dataset = cs$dataset, data_file = cs$file)
  if (nzchar(only) && !grepl(only, cs$id)) next
  t0 <- proc.time()[["elapsed"]]
  fit_case(cs, ".")
  cat(sprintf("%-28s %6.2f s\n", cs$id, proc.time()[["elapsed"]] - t0))
}
write_json_file(index, "index.json")

ctrl <- lmerControl()
# nloptr fills in its own defaults for options lme4 does not set (notably xtol_rel = 1e-4);
# a dummy run shows the options BOBYQA really ran with.
probe <- nloptr::nloptr(x0 = c(1, 0, 1), eval_f = function(th) sum((th - 0.5)^2),
                        lb = c(0, -Inf, 0), ub = c(Inf, Inf, Inf),
                        opts = environment(nloptwrap)$defaultControl)$options
env <- list(
  r_version = R.version.string,
  lme4_version = as.character(packageVersion("lme4")),
  matrix_version = as.character(packageVersion("Matrix")),
  nloptr_version = as.character(packageVersion("nloptr")),
  rng_kind = arr(RNGkind()),
  lc_collate = Sys.getlocale("LC_COLLATE"),
  optimizer = ctrl$optimizer,
  nloptwrap_defaults = environment(nloptwrap)$defaultControl,
  nloptr_effective_options = list(algorithm = probe$algorithm, xtol_rel = probe$xtol_rel,
                                  xtol_abs = probe$xtol_abs[1], ftol_rel = probe$ftol_rel,
                                  ftol_abs = probe$ftol_abs, maxeval = probe$maxeval),
  restart_edge = ctrl$restart_edge,
  boundary_tol = ctrl$boundary.tol,
  calc_derivs = ctrl$calc.derivs,
  check_conv_grad_tol = ctrl$checkConv$check.conv.grad$tol,
  check_conv_singular_tol = ctrl$checkConv$check.conv.singular$tol,
  check_rank_x = ctrl$checkControl$check.rankX
)
write_json_file(env, "environment.json")
