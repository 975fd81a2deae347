# Reference values for the Fitting stage, from lme4 1.1-31 (R 4.2).
# Run from this folder:  Rscript make-fixtures.R
# Writes data/sim_*.csv (simulated data sets, fixed seed) and profiled-objective.json:
# per case the profiled objective (REML criterion or ML deviance, from lmer(devFunOnly = TRUE))
# at several fixed theta, and lme4's whole fit (theta, objective, beta, SEs, sigma, VarCorr,
# BLUPs with conditional SDs, fitted values, logLik/AIC/BIC, singular flag).
suppressPackageStartupMessages({ library(lme4); library(jsonlite) })
stopifnot(packageVersion("lme4") == "1.1.31")

# Simulated data sets --------------------------------------------------------------------------
set.seed(20261124)
# 3-level nesting, unbalanced, with an exposure offset: y ~ trt + x + offset(log(expo)) + (1 | center/patient)
ncent <- 7
rows <- list()
for (ci in seq_len(ncent)) {
  npat <- sample(3:8, 1)
  uc <- rnorm(1, 0, 1.5)
  for (pi in seq_len(npat)) {
    nobs <- sample(2:6, 1)
    up <- rnorm(1, 0, 1.0)
    trt <- sample(c("ctl", "drugA", "drugB"), 1)
    x <- round(rnorm(nobs, 10, 3), 2)
    expo <- round(runif(nobs, 0.5, 3), 3)
    eff <- c(ctl = 0, drugA = 1.2, drugB = -0.7)[[trt]]
    y <- 5 + eff + 0.3 * x + log(expo) + uc + up + rnorm(nobs, 0, 1.2)
    rows[[length(rows) + 1]] <- data.frame(center = sprintf("C%02d", ci), patient = sprintf("P%d", pi),
                                         trt = trt, x = x, expo = expo, y = round(y, 4))
  }
}
sim_nested <- do.call(rbind, rows)
write.csv(sim_nested, "data/sim_nested.csv", row.names = FALSE)

# crossed + nested: patients within centers, each visit scored by one of 5 raters; random slope for x by rater
rows <- list()
raters <- sprintf("R%d", 1:5)
ur <- matrix(rnorm(10), 5, 2) %*% diag(c(1.0, 0.25))
for (ci in 1:6) {
  uc <- rnorm(1, 0, 1.0)
  for (pi in 1:sample(3:6, 1)) {
    up <- rnorm(1, 0, 0.8)
    nobs <- sample(3:7, 1)
    r <- sample(1:5, nobs, replace = TRUE)
    x <- round(runif(nobs, -2, 2), 3)
    y <- 2 + 0.5 * x + uc + up + ur[r, 1] + ur[r, 2] * x + rnorm(nobs, 0, 0.7)
    rows[[length(rows) + 1]] <- data.frame(center = sprintf("C%d", ci), patient = sprintf("p%d", pi),
                                         rater = raters[r], x = x, y = round(y, 4))
  }
}
sim_crossed <- do.call(rbind, rows)
write.csv(sim_crossed, "data/sim_crossed.csv", row.names = FALSE)

# Cases -----------------------------------------------------------------------------------------
rd <- function(f) read.csv(file.path("data", f), stringsAsFactors = FALSE)
cases <- list(
  list(name = "sleepstudy_reml", data = "sleepstudy.csv", formula = "Reaction ~ Days + (Days | Subject)", reml = TRUE),
  list(name = "sleepstudy_ml", data = "sleepstudy.csv", formula = "Reaction ~ Days + (Days | Subject)", reml = FALSE),
  list(name = "sleepstudy_uncorr", data = "sleepstudy.csv", formula = "Reaction ~ Days + (Days || Subject)", reml = TRUE),
  list(name = "dyestuff", data = "Dyestuff.csv", formula = "Yield ~ 1 + (1 | Batch)", reml = TRUE),
  list(name = "dyestuff_ml", data = "Dyestuff.csv", formula = "Yield ~ 1 + (1 | Batch)", reml = FALSE),
  list(name = "dyestuff_noint", data = "Dyestuff.csv", formula = "Yield ~ 0 + (1 | Batch)", reml = TRUE),
  list(name = "dyestuff2", data = "Dyestuff2.csv", formula = "Yield ~ 1 + (1 | Batch)", reml = TRUE),
  list(name = "penicillin", data = "Penicillin.csv", formula = "diameter ~ 1 + (1 | plate) + (1 | sample)", reml = TRUE),
  list(name = "pastes", data = "Pastes.csv", formula = "strength ~ 1 + (1 | batch/cask)", reml = TRUE),
  list(name = "machines", data = "Machines.csv", formula = "score ~ Machine + (Machine | Worker)", reml = TRUE),
  list(name = "machines_ml", data = "Machines.csv", formula = "score ~ Machine + (Machine | Worker)", reml = FALSE),
  list(name = "machines_nointercept", data = "Machines.csv", formula = "score ~ Machine + (0 + Machine | Worker)", reml = TRUE),
  list(name = "orthodont_uncorr", data = "Orthodont.csv", formula = "distance ~ age * Sex + (age || Subject)", reml = TRUE),
  list(name = "sim_nested", data = "sim_nested.csv", formula = "y ~ trt + x + offset(log(expo)) + (1 | center/patient)", reml = TRUE),
  list(name = "sim_nested_ml", data = "sim_nested.csv", formula = "y ~ trt + x + offset(log(expo)) + (1 | center/patient)", reml = FALSE),
  list(name = "sim_crossed", data = "sim_crossed.csv", formula = "y ~ x + (1 | center/patient) + (x | rater)", reml = TRUE)
)

num <- function(x) unname(as.numeric(x))
out <- list()
for (cs in cases) {
  d <- rd(cs$data)
  f <- as.formula(cs$formula)
  m <- lmer(f, data = d, REML = cs$reml)
  dev <- lmer(f, data = d, REML = cs$reml, devFunOnly = TRUE)
  that <- getME(m, "theta")
  lower <- getME(m, "lower")
  t0 <- ifelse(lower == 0, 1, 0)
  pert <- that + 0.1 * seq_along(that) * ifelse(lower == 0, 1, -1)
  thetas <- list(t0, num(that), num(0.5 * that), num(pert))
  if (any(that[lower == 0] < 1e-4)) thetas[[length(thetas) + 1]] <- ifelse(lower == 0, 0.3, 0.1)
  evals <- lapply(thetas, function(th) list(theta = I(num(th)), objective = dev(th)))
  vc <- as.data.frame(VarCorr(m))
  re <- as.data.frame(ranef(m, condVar = TRUE))
  ll <- logLik(m)
  out[[cs$name]] <- list(
    data = cs$data, formula = cs$formula, reml = cs$reml,
    theta_names = I(names(that)), lower = I(num(lower)),
    evaluations = evals,
    fit = list(
      theta = I(num(that)),
      objective = if (isREML(m)) num(REMLcrit(m)) else num(deviance(m)), is_reml = isREML(m),
      beta = I(num(fixef(m))), beta_names = I(as.character(names(fixef(m)))),
      se = I(num(sqrt(diag(as.matrix(vcov(m)))))),
      vcov = as.matrix(unname(vcov(m)) * 1),
      sigma = sigma(m),
      loglik = num(ll), df = attr(ll, "df"), aic = AIC(m), bic = BIC(m),
      df_resid = df.residual(m),
      singular = isSingular(m),
      feval = m@optinfo$feval,
      varcorr = lapply(seq_len(nrow(vc)), function(i) list(grp = vc$grp[i], var1 = vc$var1[i], var2 = vc$var2[i],
                                                          vcov = vc$vcov[i], sdcor = vc$sdcor[i])),
      ranef = lapply(seq_len(nrow(re)), function(i) list(grpvar = re$grpvar[i], term = as.character(re$term[i]),
                                                        grp = as.character(re$grp[i]), condval = re$condval[i], condsd = re$condsd[i])),
      fitted = num(fitted(m)), residuals = num(residuals(m))
    )
  )
}
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, na = "null", pretty = TRUE), "profiled-objective.json")
cat("wrote", length(out), "cases\n")
