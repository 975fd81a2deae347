# R side of issue 14's speed targets: times lmerTest, pbkrtest and lme4's inference on the
# benchmark models. Run from the repository root (the kr_big data are generated on the fly):
#   Rscript bench/inference_vs_r.R [BOOT_NSIM]
# Prints one line per measurement (elapsed seconds, wall clock) and the load average, so the
# numbers can be set beside FormulaLmm's in one run (docs/performance.md).
suppressPackageStartupMessages({
  library(lme4); library(lmerTest); library(pbkrtest)
})
args <- commandArgs(TRUE)
boot_nsim <- if (length(args)) as.integer(args[1]) else 1000L
shared <- Sys.getenv("FORMULALMM_SHARED_DATA", "/work/shared/data")
source("tests/FormulaLmm.Tests/Fixtures/inference/kr_big_data.R")

elapsed <- function(expr) {
  t0 <- proc.time()[["elapsed"]]
  value <- force(expr)
  list(value = value, seconds = proc.time()[["elapsed"]] - t0)
}
report <- function(what, seconds, extra = "") cat(sprintf("%-58s %9.3f s %s\n", what, seconds, extra))
cat("load before:", system("uptime", intern = TRUE), "\n")

# 1. InstEval ML: the fit versus lmerTest's Satterthwaite summary -------------------------
ie <- read.csv(file.path(shared, "InstEval.csv"))
for (v in c("s", "d", "dept", "service")) ie[[v]] <- factor(ie[[v]])
fit <- elapsed(lme4::lmer(y ~ 1 + service + (1 | s) + (1 | d) + (1 | dept), data = ie, REML = FALSE))
report("InstEval ML fit (lme4::lmer)", fit$seconds,
       sprintf("deviance %.6f", deviance(fit$value)))
m0 <- fit$value
conv <- elapsed(as_lmerModLmerTest(m0))      # lmerTest: Hessian of the deviance + Jacobian of vcov
report("InstEval lmerTest setup (Hessian, Jacobian)", conv$seconds)
satt <- elapsed(summary(conv$value, ddf = "Satterthwaite"))
report("InstEval Satterthwaite summary (all fixed effects)", satt$seconds)
report("InstEval Satterthwaite total (setup + summary)", conv$seconds + satt$seconds,
       sprintf("= %.0f%% of the fit; df %s", 100 * (conv$seconds + satt$seconds) / fit$seconds,
               paste(sprintf("%.2f", satt$value$coefficients[, "df"]), collapse = ", ")))
rm(ie, m0, conv, satt, fit); invisible(gc())

# 2. Kenward-Roger on the 20,000-row, 500-group random-slope model -------------------------
big <- kr_big_data(); big$g <- factor(big$g)
fit <- elapsed(lme4::lmer(y ~ x + (x | g), data = big, REML = TRUE))
report("kr_big REML fit (20,000 rows, 500 groups)", fit$seconds,
       sprintf("REMLcrit %.6f", REMLcrit(fit$value)))
va <- elapsed(pbkrtest::vcovAdj(fit$value))
report("kr_big pbkrtest::vcovAdj (adjusted covariance, once)", va$seconds)
lt <- as_lmerModLmerTest(fit$value)
kr <- elapsed(summary(lt, ddf = "Kenward-Roger"))
report("kr_big lmerTest summary(ddf = \"Kenward-Roger\")", kr$seconds,
       sprintf("df %s", paste(sprintf("%.3f", kr$value$coefficients[, "df"]), collapse = ", ")))
rm(big, fit, va, lt, kr); invisible(gc())

# 3. Profile confidence intervals, sleepstudy (Days | Subject) ------------------------------
ss <- read.csv(file.path(shared, "sleepstudy.csv")); ss$Subject <- factor(ss$Subject)
m <- lme4::lmer(Reaction ~ Days + (Days | Subject), data = ss)
pr <- elapsed(suppressMessages(confint(m, method = "profile", oldNames = FALSE)))
report("sleepstudy confint(method = \"profile\")", pr$seconds)

# 4. Parametric bootstrap, sleepstudy (Days | Subject) --------------------------------------
vn <- lme4:::profnames(m, signames = FALSE)
stat <- function(x) c(setNames(lme4:::Cv_to_Sv(x@theta, n = lengths(x@cnms), s = sigma(x)), vn), fixef(x))
bt <- elapsed(suppressWarnings(suppressMessages(bootMer(m, stat, nsim = boot_nsim, seed = 1))))
rate <- boot_nsim / bt$seconds
report(sprintf("sleepstudy bootMer nsim = %d", boot_nsim), bt$seconds,
       sprintf("%.1f replicates/s; 10,000 would take about %.0f s", rate, 10000 / rate))
cat("load after:", system("uptime", intern = TRUE), "\n")
