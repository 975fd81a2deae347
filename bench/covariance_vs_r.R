# R side of the issue-13 speed targets (covariance structures), timed in one run:
#   1. nlme::lme, random intercept + corAR1 residuals, 100,000 rows in 10,000 subjects
#      (10 consecutive integer times per subject, so nlme takes its own corAR1 path, not corARMA)
#   2. glmmTMB, cs(0 + cond | subj), 4 conditions, 200 subjects, 10 replicates per subject and
#      condition (40 rows per subject, 8,000 rows)
# The data are generated deterministically and written as CSV so that formula-lmm can be timed
# on the same bytes:
#   Rscript bench/covariance_vs_r.R [OUT_DIR]      (default OUT_DIR /work/bench-data)
# then, e.g.
#   formula-lmm fit "y ~ x + (1 | subj)" --data OUT_DIR/cov_ar1_100k.csv --factor subj \
#       --residual "ar1(time | subj)" --json
#   formula-lmm fit "y ~ cond + cs(0 + cond | subj)" --data OUT_DIR/cov_cs_200.csv --factor subj,cond --json
# Prints wall-clock times of each fit (data already in memory; packages loaded), the
# log-likelihoods (to check the other side's fit) and the load average before and after.
suppressPackageStartupMessages({ library(nlme); library(glmmTMB) })
args <- commandArgs(TRUE)
out_dir <- if (length(args) >= 1) args[1] else "/work/bench-data"
dir.create(out_dir, showWarnings = FALSE, recursive = TRUE)
load_avg <- function() trimws(sub(".*load average:", "", system("uptime", intern = TRUE)))

# ---- data 1: random intercept + AR(1), 10,000 subjects x 10 times ---------------------------
make_ar1 <- function() {
  set.seed(13001)
  ns <- 10000; nt <- 10; phi <- 0.6; sigma <- 1.5
  subj <- rep(sprintf("s%05d", seq_len(ns)), each = nt)
  time <- rep(seq_len(nt), ns)
  x <- round(rnorm(ns * nt), 4)
  e <- matrix(0, nt, ns)
  e[1, ] <- rnorm(ns, 0, sigma)
  for (t in 2:nt) e[t, ] <- phi * e[t - 1, ] + rnorm(ns, 0, sigma * sqrt(1 - phi^2))
  y <- 5 + 0.5 * x + rep(rnorm(ns, 0, 2), each = nt) + as.vector(e)
  data.frame(subj = subj, time = time, x = x, y = round(y, 4), stringsAsFactors = FALSE)
}
# ---- data 2: cs over 4 conditions, 200 subjects x 4 conditions x 10 replicates -------------
make_cs <- function() {
  set.seed(13002)
  ns <- 200; nc <- 4; nr <- 10
  sds <- c(1.0, 1.3, 1.6, 2.0); rho <- 0.5
  C <- matrix(rho, nc, nc); diag(C) <- 1
  L <- t(chol(diag(sds) %*% C %*% diag(sds)))
  b <- t(L %*% matrix(rnorm(nc * ns), nc, ns))          # ns x nc
  d <- expand.grid(rep = seq_len(nr), cond = seq_len(nc), subj = seq_len(ns))
  y <- 10 + c(0, 0.5, 1, 1.5)[d$cond] + b[cbind(d$subj, d$cond)] + rnorm(nrow(d), 0, 1)
  data.frame(subj = sprintf("p%03d", d$subj), cond = sprintf("c%d", d$cond), y = round(y, 4),
             stringsAsFactors = FALSE)
}
f1 <- file.path(out_dir, "cov_ar1_100k.csv"); f2 <- file.path(out_dir, "cov_cs_200.csv")
write.csv(make_ar1(), f1, row.names = FALSE)
write.csv(make_cs(), f2, row.names = FALSE)
d1 <- read.csv(f1); d1$subj <- factor(d1$subj)
d2 <- read.csv(f2); d2$subj <- factor(d2$subj); d2$cond <- factor(d2$cond)

cat(sprintf("R %s, nlme %s, glmmTMB %s, TMB %s\n", getRversion(), packageVersion("nlme"),
            packageVersion("glmmTMB"), packageVersion("TMB")))
cat(sprintf("%s: %d rows, %d subjects; %s: %d rows, %d subjects\n", basename(f1), nrow(d1), nlevels(d1$subj),
            basename(f2), nrow(d2), nlevels(d2$subj)))
for (reml in c(TRUE, FALSE)) {
  m <- if (reml) "REML" else "ML"
  la <- load_avg()
  t1 <- system.time(fit1 <- lme(y ~ x, random = ~ 1 | subj, correlation = corAR1(form = ~ time | subj),
                                data = d1, method = m))[["elapsed"]]
  lb <- load_avg()
  cat(sprintf("nlme lme ri + corAR1, %s: %8.2f s  logLik %.6f  phi %.6f  sigma %.6f  sd(subj) %.6f   [load %s -> %s]\n",
              m, t1, logLik(fit1), coef(fit1$modelStruct$corStruct, unconstrained = FALSE), fit1$sigma,
              sqrt(getVarCov(fit1)[1, 1]), la, lb))
  la <- load_avg()
  t2 <- system.time(fit2 <- glmmTMB(y ~ cond + cs(0 + cond | subj), data = d2, REML = reml))[["elapsed"]]
  lb <- load_avg()
  vc <- VarCorr(fit2)$cond$subj
  cat(sprintf("glmmTMB cs(0 + cond | subj), %s: %8.2f s  logLik %.6f  rho %.6f  sds %s  sigma %.6f   [load %s -> %s]\n",
              m, t2, logLik(fit2), attr(vc, "correlation")[2, 1], paste(sprintf("%.5f", attr(vc, "stddev")), collapse = " "),
              sigma(fit2), la, lb))
}
