# Misuse cases (what glmmTMB and nlme say) and scale checks, written to misuse.json and
# checks.json. Run after run_all.R (it reads the CSVs):  Rscript misuse_and_checks.R
invisible(Sys.setlocale("LC_COLLATE", "C"))
source("fit_helpers.R")

outcome <- function(expr) {
  warns <- character()
  r <- withCallingHandlers(tryCatch(expr, error = function(e) e),
         warning = function(w) { warns <<- c(warns, conditionMessage(w)); invokeRestart("muffleWarning") })
  list(outcome = if (inherits(r, "error")) "error" else "fitted",
       error = if (inherits(r, "error")) conditionMessage(r) else NULL,
       warnings = arr(warns),
       loglik = if (inherits(r, "error")) NULL else as.numeric(logLik(r)),
       fit = if (inherits(r, "error")) NULL else r)
}
strip <- function(o) { o$fit <- NULL; o }

trial <- read_case_data(list(file = "rm_trial.csv", factors = c("id", "clinic", "site", "arm", "visit")))
tt <- droplevels(na.omit(trial))

misuse <- list()
add <- function(id, what, call, o, note = NULL) {
  misuse[[length(misuse) + 1]] <<- c(list(id = id, what = what, r_call = call), strip(o), list(note = note))
}

add("tmb_ar1_numeric", "glmmTMB ar1 on a numeric time variable",
    "glmmTMB(y ~ week + ar1(0 + week | id), data = dd)",
    outcome(glmmTMB(y ~ week + ar1(0 + week | id), data = tt)),
    "FormulaLmm: exit 2, caret under the ar1 term's numeric variable")
add("tmb_ar1_numeric_intercept", "glmmTMB ar1 on a numeric variable with the implicit intercept",
    "glmmTMB(y ~ week + ar1(week | id), data = dd)",
    outcome(glmmTMB(y ~ week + ar1(week | id), data = tt)))
add("tmb_ar1_factor_with_intercept", "glmmTMB ar1 on a factor with an intercept: a warning, then a fit of AR(1) across (intercept, contrasts), which has no meaning",
    "glmmTMB(y ~ week + ar1(1 + visit | id), data = dd)",
    outcome(glmmTMB(y ~ week + ar1(1 + visit | id), data = tt)),
    "FormulaLmm should refuse (ar1 wants exactly one factor and no intercept: 0 + f)")
add("tmb_ar1_factor_plus_numeric", "glmmTMB ar1 on a factor plus a numeric column: fitted silently over 6 columns",
    "glmmTMB(y ~ week + ar1(0 + visit + week | id), data = dd)",
    outcome(glmmTMB(y ~ week + ar1(0 + visit + week | id), data = tt)),
    "FormulaLmm should refuse")
tu <- tt; tu$visit <- factor(as.character(tu$visit), levels = c("v0", "v2", "v1", "v3", "v4"))
add("tmb_ar1_level_order", "glmmTMB ar1 uses the factor's LEVEL order as time order (here v0, v2, v1, v3, v4): fitted silently, a different model",
    "glmmTMB(y ~ arm * visit + base + ar1(0 + visit | id), data = dd)  # visit levels v0, v2, v1, v3, v4",
    outcome(glmmTMB(y ~ arm * visit + base + ar1(0 + visit | id), data = tu)),
    "with FormulaLmm's sorted level order, labels such as w2, w10 would sort as w10, w2: worth a check or a warning")

t2 <- tt; i <- which(t2$id == "P001"); t2$time[i[2]] <- t2$time[i[1]]
add("nlme_repeated_time_ar1", "nlme corAR1 with a time repeated within an id (P001 has two rows at the same time)",
    "lme(y ~ week, random = ~ 1 | id, correlation = corAR1(form = ~ time | id), data = dd)",
    outcome(lme(y ~ week, random = ~ 1 | id, correlation = corAR1(form = ~ time | id), data = t2)),
    "nlme does not name the id; FormulaLmm: exit 2 naming id P001 and the time value")
add("nlme_repeated_time_car1", "nlme corCAR1 with a time repeated within an id",
    "lme(y ~ week, random = ~ 1 | id, correlation = corCAR1(form = ~ time | id), data = dd)",
    outcome(lme(y ~ week, random = ~ 1 | id, correlation = corCAR1(form = ~ time | id), data = t2)))
add("nlme_repeated_time_gls", "nlme gls corAR1 with a time repeated within an id",
    "gls(y ~ week, correlation = corAR1(form = ~ time | id), data = dd)",
    outcome(gls(y ~ week, correlation = corAR1(form = ~ time | id), data = t2)))

# corAR1 on a non-integer time: nlme switches to corARMA and truncates the times to integers
o <- outcome(lme(y ~ week, random = ~ 1 | id, correlation = corAR1(form = ~ tweek | id), data = tt))
X <- model.matrix(~ week, tt)
m_trunc <- finish_model(list(y = tt$y, X = X, re = list(list(M = matrix(1, nrow(tt), 1), group = tt$id, structure = "us")),
                             cor = list(type = "ar1", time = trunc(tt$tweek), group = tt$id), het = NULL))
ff <- o$fit
p <- c(re_structures$us$start(as.matrix(ff$modelStruct$reStruct[[1]])),
       cor_value_to_par(m_trunc$cor, coef(ff$modelStruct$corStruct, unconstrained = FALSE)))
ll_trunc <- profiled_criterion(m_trunc, p, TRUE, details = TRUE)$loglik
add("nlme_ar1_noninteger_time", "nlme corAR1 on a non-integer time (tweek): no error; nlme switches to corARMA(1,0), whose C code takes the times as integers (truncation), so the fit is an AR(1) on trunc(tweek)",
    "lme(y ~ week, random = ~ 1 | id, correlation = corAR1(form = ~ tweek | id), data = dd)", o,
    sprintf("likelihood.R with the times truncated gives logLik %.10f at nlme's estimates (nlme: %.10f). FormulaLmm should refuse a non-integer time in ar1 and point to car1.",
            ll_trunc, o$loglik))
misuse[[length(misuse)]]$loglik_truncated_times <- ll_trunc

o <- outcome(lme(y ~ arm * visit + base, random = ~ 1 | id, correlation = corCompSymm(form = ~ 1 | id), data = tt))
add("nlme_ri_plus_cs_same_id", "random intercept for id AND compound symmetry within the same id: not identifiable (only var(id) + sigma^2 rho is); nlme returns some split",
    "lme(y ~ arm * visit + base, random = ~ 1 | id, correlation = corCompSymm(form = ~ 1 | id), data = dd)", o,
    "FormulaLmm should refuse cs(1 | g) when a random intercept for g (or a coarser factor containing only g's intercept) is in the formula")
if (!is.null(o$fit)) {
  misuse[[length(misuse)]]$estimates <- list(sd_id = sqrt(getVarCov(o$fit)[1, 1]), sigma = o$fit$sigma,
                                             rho = unname(coef(o$fit$modelStruct$corStruct, unconstrained = FALSE)))
}
write_json_file(misuse, "misuse.json")

# ---- checks ------------------------------------------------------------------------------
checks <- list()
# 1. nlme's REML/ML log-likelihood vs lme4's on a model with 16 fixed effects, and again with a
#    rescaled covariate (the REML criterion depends on the scale of X through log|X'V^-1X|; if
#    nlme and lme4 differ by a constant it would show here)
for (scale in c(1, 1000)) for (reml in c(TRUE, FALSE)) {
  d2 <- tt; d2$base <- d2$base * scale
  a <- lme(y ~ arm * visit + base, random = ~ 1 | id, data = d2, method = if (reml) "REML" else "ML")
  b <- lmer(y ~ arm * visit + base + (1 | id), data = d2, REML = reml)
  g <- glmmTMB(y ~ arm * visit + base + (1 | id), data = d2, REML = reml)
  checks[[length(checks) + 1]] <- list(check = "loglik_scale", data = "rm_trial.csv", base_scale = scale,
    method = if (reml) "REML" else "ML", formula = "y ~ arm * visit + base + (1 | id)",
    nlme = as.numeric(logLik(a)), lme4 = as.numeric(logLik(b)), glmmTMB = as.numeric(logLik(g)),
    nlme_minus_lme4 = as.numeric(logLik(a)) - as.numeric(logLik(b)),
    glmmTMB_minus_lme4 = as.numeric(logLik(g)) - as.numeric(logLik(b)))
}
# 2. nlme's varIdent reference level under different row orders: lme sorts rows by the grouping
#    factor before initialising varIdent, so the reference is the het level of the first row of
#    the first id (in id level order); gls keeps the file order when there is no correlation group.
for (ord in c("file", "reversed")) {
  d2 <- if (ord == "file") tt else tt[rev(seq_len(nrow(tt))), ]
  a <- lme(y ~ arm * visit + base, random = ~ 1 | id, weights = varIdent(form = ~ 1 | site), data = d2)
  g1 <- gls(y ~ arm * visit + base, weights = varIdent(form = ~ 1 | site), data = d2)
  g2 <- gls(y ~ arm * visit + base, correlation = corAR1(form = ~ time | id), weights = varIdent(form = ~ 1 | site), data = d2)
  checks[[length(checks) + 1]] <- list(check = "varident_reference", row_order = ord,
    first_row_site = as.character(d2$site[1]),
    lme_reference = attr(a$modelStruct$varStruct, "groupNames")[1],
    gls_reference = attr(g1$modelStruct$varStruct, "groupNames")[1],
    gls_with_ar1_reference = attr(g2$modelStruct$varStruct, "groupNames")[1],
    lme_loglik = as.numeric(logLik(a)), gls_loglik = as.numeric(logLik(g1)), gls_ar1_loglik = as.numeric(logLik(g2)),
    lme_ratios = as.list(coef(a$modelStruct$varStruct, unconstrained = FALSE, allCoef = TRUE)))
}
# 3. gls with compound symmetry vs lme with a random intercept (the same model when rho >= 0)
for (reml in c(TRUE, FALSE)) {
  m <- if (reml) "REML" else "ML"
  a <- lme(y ~ arm * visit + base, random = ~ 1 | id, data = tt, method = m)
  g <- gls(y ~ arm * visit + base, correlation = corCompSymm(form = ~ 1 | id), data = tt, method = m)
  checks[[length(checks) + 1]] <- list(check = "gls_cs_vs_lme_ri", method = m,
    lme_loglik = as.numeric(logLik(a)), gls_loglik = as.numeric(logLik(g)),
    rho_gls = unname(coef(g$modelStruct$corStruct, unconstrained = FALSE)),
    rho_from_lme = as.numeric(getVarCov(a)[1, 1] / (getVarCov(a)[1, 1] + a$sigma^2)))
}
write_json_file(checks, "checks.json")
cat("misuse.json and checks.json written\n")
