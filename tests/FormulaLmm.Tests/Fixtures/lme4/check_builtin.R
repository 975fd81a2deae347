# Optional cross-check (not run by run_all.R): the shared CSV files reproduce R's built-in data
# sets. Refits each REML reference model on the built-in data set and compares the REML
# criterion with the fixture. Level orders can differ (e.g. nlme's Orthodont has Sex levels
# Male, Female), which changes parameter labels but not the criterion.
#   Rscript check_builtin.R
suppressPackageStartupMessages({ library(lme4); library(nlme, include.only = character()) })
source("fixture_helpers.R")
data("Orthodont", package = "nlme"); data("Machines", package = "nlme")
builtin <- list(
  sleepstudy_slope_reml = list(sleepstudy, Reaction ~ Days + (Days | Subject)),
  sleepstudy_uncorr_reml = list(sleepstudy, Reaction ~ Days + (Days || Subject)),
  dyestuff_reml = list(Dyestuff, Yield ~ 1 + (1 | Batch)),
  dyestuff2_reml = list(Dyestuff2, Yield ~ 1 + (1 | Batch)),
  penicillin_reml = list(Penicillin, diameter ~ 1 + (1 | plate) + (1 | sample)),
  pastes_nested_reml = list(Pastes, strength ~ 1 + (1 | batch/cask)),
  machines_slope_reml = list(as.data.frame(Machines), score ~ Machine + (Machine | Worker)),
  machines_interaction_reml = list(as.data.frame(Machines), score ~ Machine + (1 | Worker) + (1 | Worker:Machine)),
  orthodont_uncorr_reml = list(as.data.frame(Orthodont), distance ~ age + Sex + (age || Subject)),
  orthodont_interaction_reml = list(as.data.frame(Orthodont), distance ~ age * Sex + (age | Subject)),
  cake_ordered_reml = list(cake, angle ~ recipe * temperature + (1 | recipe:replicate))
)
ok <- TRUE
for (id in names(builtin)) {
  b <- builtin[[id]]
  fit <- suppressMessages(lmer(b[[2]], data = b[[1]], REML = TRUE))
  fx <- jsonlite::fromJSON(paste0(id, ".json"))
  diff <- REMLcrit(fit) - fx$objective
  cat(sprintf("%-28s built-in %.10f  fixture %.10f  diff %.2e\n", id, REMLcrit(fit), fx$objective, diff))
  if (abs(diff) > 1e-6 * abs(fx$objective)) ok <- FALSE
}
if (!ok) stop("a fixture does not reproduce the built-in data set's fit")
