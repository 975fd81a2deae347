# lme4's printed summary() of every reference case (except InstEval), for the layout tests of
# FormulaLmm.Results.LmmSummary. Run from this folder:
#   setarch "$(uname -m)" -R Rscript make-summaries.R
# Each case is read and fitted exactly as ../lme4/fixture_helpers.R does; the call's data
# argument is set to the data set's name (or CSV file name) so that the "Data:" line is
# meaningful. Writes <case>.txt (stdout of print(summary(fit)); messages such as "Correlation
# matrix not shown" go to stderr and are not captured).
invisible(Sys.setlocale("LC_COLLATE", "C"))
options(width = 80)
here <- getwd()
setwd("../lme4")
source("fixture_helpers.R")
source("cases.R")
for (cs in all_cases()) {
  if (grepl("insteval", cs$id)) next
  d <- read_case_data(cs)
  fit <- suppressMessages(lmer(as.formula(cs$formula, env = globalenv()), data = d, REML = cs$reml))
  fit@call$data <- as.name(if (!is.null(cs$dataset)) cs$dataset else cs$file)
  out <- capture.output(print(summary(fit)))
  writeLines(out, file.path(here, paste0(cs$id, ".txt")))
}
