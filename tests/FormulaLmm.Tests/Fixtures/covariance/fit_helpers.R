# Fits one covariance-structure case (glmmTMB, nlme lme or nlme gls), extracts every quantity
# the tests need, checks it with the independent likelihood in likelihood.R and writes the JSON.
# The JSON schema is described field by field in README.md.

suppressPackageStartupMessages({
  library(glmmTMB)
  library(nlme)
  library(lme4)
  library(jsonlite)
})
source("../lme4/fixture_helpers.R")   # JSON writer: arr(), record(), to_json(), write_json_file()
source("likelihood.R")

`%||%` <- function(a, b) if (is.null(a)) b else a

# ---- data -------------------------------------------------------------------------------
data_path <- function(case) {
  if (!is.null(case$dataset)) file.path("..", "data", paste0(case$dataset, ".csv")) else case$file
}

# CSV as FormulaLmm reads it: empty or NA is missing, declared columns become factors with levels
# in sorted order (LC_COLLATE=C, numeric order for numbers).
read_case_data <- function(case) {
  d <- read.csv(data_path(case), na.strings = c("", "NA"), stringsAsFactors = FALSE)
  for (col in case$factors) d[[col]] <- factor(d[[col]])
  d
}

# Complete cases in the variables the model uses (the references drop the same rows with
# na.omit); unused levels dropped. Row order of the file is kept.
model_rows <- function(case, d) {
  keep <- stats::complete.cases(d[, case$vars, drop = FALSE])
  list(data = droplevels(d[keep, , drop = FALSE]), omitted = which(!keep))
}

# ---- covariance blocks --------------------------------------------------------------------
# One random-effects term as JSON from its covariance matrix D (absolute scale).
structure_parameters <- function(structure, D) {
  k <- nrow(D); C <- cov2cor(D)
  if (k < 2) return(setNames(list(), character()))
  switch(structure,
    cs = , homcs = list(rho = C[2, 1]),
    ar1 = list(phi = C[2, 1]),
    toep = list(rho_lag = arr(vapply(1:(k - 1), function(l) C[l + 1, 1], 0))),
    setNames(list(), character()))
}

random_block <- function(term, D, nlev) {
  sds <- sqrt(diag(D))
  list(group = term$group, structure = term$structure, columns = arr(colnames(D) %||% term$columns),
       nlevels = nlev, sd = arr(unname(sds)),
       corr = unname(if (nrow(D) > 1) cov2cor(D) else matrix(1, 1, 1)),
       cov = unname(D), parameters = structure_parameters(term$structure, D))
}

varcorr_rows_from <- function(terms, Ds, sigma) {
  rows <- list()
  for (i in seq_along(terms)) {
    D <- Ds[[i]]; nm <- colnames(D) %||% terms[[i]]$columns; k <- nrow(D)
    for (j in seq_len(k)) rows[[length(rows) + 1]] <- record(group = terms[[i]]$group, name1 = nm[j], name2 = NULL,
                                                             variance = D[j, j], sd = sqrt(D[j, j]))
    if (k > 1) for (a in 1:(k - 1)) for (b in (a + 1):k)
      rows[[length(rows) + 1]] <- record(group = terms[[i]]$group, name1 = nm[a], name2 = nm[b],
                                         covariance = D[a, b], corr = D[a, b] / sqrt(D[a, a] * D[b, b]))
  }
  rows[[length(rows) + 1]] <- record(group = "Residual", name1 = NULL, name2 = NULL, variance = sigma^2, sd = sigma)
  rows
}

# Residual block: correlation value phi/rho, het ratios relative to the first level in sorted
# order ("ratios", the issue's shape) and relative to the reference's own reference level.
residual_block <- function(case, sigma, cor_value, ratios_ref = NULL, ref_level = NULL, extra = list()) {
  if (is.null(case$cor) && is.null(case$het)) return(NULL)
  params <- list()
  out <- list(structure = paste(c(case$cor$type, if (!is.null(case$het)) "het"), collapse = "+"))
  if (!is.null(case$cor)) {
    nm <- if (case$cor$type == "cs") "rho" else "phi"
    params[[nm]] <- cor_value
    out$correlation <- c(list(type = case$cor$type, time = case$cor$time %||% NULL,
                              group = case$cor$group, value = cor_value), extra$cor %||% list())
  }
  if (!is.null(case$het)) {
    levs <- names(ratios_ref)
    sorted_first <- sort(levs)[1]
    r_sorted <- ratios_ref / ratios_ref[[sorted_first]]
    params$ratios <- as.list(r_sorted[sort(levs)])
    out$variance <- c(list(type = "het", factor = case$het, levels = arr(sort(levs)),
                           first_sorted_level = sorted_first,
                           sigma_first_sorted_level = sigma * ratios_ref[[sorted_first]],
                           ratios = as.list(r_sorted[sort(levs)]),
                           sd_by_level = as.list((sigma * ratios_ref)[sort(levs)]),
                           reference_level = ref_level,
                           reference_ratios = as.list(ratios_ref[sort(levs)])), extra$het %||% list())
  }
  out$parameters <- params
  out
}

fixef_rows <- function(est, se, se_lme4) {
  lapply(seq_along(est), function(i) record(name = names(est)[i], estimate = unname(est[i]), se = unname(se[i]),
                                           se_lme4 = unname(se_lme4[i]), t = unname(est[i] / se[i])))
}

# ---- model for likelihood.R ---------------------------------------------------------------
build_lik_model <- function(case, dd, X) {
  re <- lapply(case$terms, function(t) {
    M <- model.matrix(as.formula(paste("~", t$cols)), dd)
    list(M = M, group = factor(interaction(dd[, t$factors, drop = FALSE], drop = TRUE, lex.order = TRUE)),
         structure = t$lik)
  })
  cor <- NULL
  if (!is.null(case$cor)) {
    cor <- list(type = case$cor$type, time = if (!is.null(case$cor$time)) dd[[case$cor$time]] else NULL,
                group = droplevels(factor(dd[[case$cor$group]])))
  }
  het <- if (!is.null(case$het)) list(factor = dd[[case$het]], ref = sort(levels(dd[[case$het]]))[1]) else NULL
  finish_model(list(y = dd[[case$response]], X = X, re = re, cor = cor, het = het))
}

# Parameters of likelihood.R from covariance matrices relative to sigma (D/sigma^2), the
# correlation value and the ratios relative to the first sorted level.
lik_par <- function(model, D0s, cor_value, ratios_sorted) {
  c(unlist(lapply(seq_along(model$re), function(i) re_structures[[model$re[[i]]$structure]]$start(D0s[[i]]))),
    if (!is.null(model$cor)) cor_value_to_par(model$cor, cor_value),
    if (!is.null(model$het)) log(ratios_sorted[setdiff(levels(model$het$factor), model$het$ref)]))
}

# Back from likelihood.R's parameters to absolute D, correlation value, ratios.
lik_state <- function(model, par, sigma) {
  sp <- split_par(model, par)
  Ds <- lapply(seq_along(model$re), function(i)
    sigma^2 * re_structures[[model$re[[i]]$structure]]$D0(sp$re[[i]], ncol(model$re[[i]]$M)))
  cv <- if (is.null(sp$cor)) NULL else cor_par_to_value(model$cor, sp$cor)
  ratios <- NULL
  if (!is.null(model$het)) {
    levs <- levels(model$het$factor)
    ratios <- setNames(rep(1, length(levs)), levs)
    ratios[setdiff(levs, model$het$ref)] <- exp(sp$het)
  }
  list(D = Ds, cor = cv, ratios = ratios, sigma = sigma)
}

# The check block: likelihood.R at the reference's estimates (whitened and dense), then polished.
check_block <- function(case, dd, X, model, par_ref, reml, ref_loglik, fixef_names) {
  at_ref <- profiled_criterion(model, par_ref, reml, details = TRUE)
  dense <- tryCatch(profiled_criterion_dense(model, par_ref, reml)$loglik, error = function(e) NA)
  cluster <- if (!is.null(case$cluster)) dd[[case$cluster]] else NULL
  po <- polish(model, par_ref, reml, cluster)
  fin <- profiled_criterion(model, po$par, reml, details = TRUE)
  st <- lik_state(model, po$par, fin$sigma)
  names(fin$beta) <- fixef_names
  list(
    loglik_at_reference = at_ref$loglik,
    loglik_at_reference_dense = dense,
    loglik_reference = ref_loglik,
    sigma_profiled_at_reference = at_ref$sigma,
    polished = list(
      loglik = fin$loglik, objective = fin$criterion,
      improvement = fin$loglik - ref_loglik,
      sigma = fin$sigma,
      fixef = fixef_rows(fin$beta, sqrt(diag(fin$vcov)), sqrt(diag(fin$vcov))),
      random = lapply(seq_along(case$terms), function(i) {
        D <- st$D[[i]]; colnames(D) <- colnames(model$re[[i]]$M)
        random_block(case$terms[[i]], D, nlevels(model$re[[i]]$group)) }),
      residual = residual_block(case, fin$sigma, st$cor, st$ratios, model$het$ref),
      lik_par = arr(unname(po$par))))
}

# ---- one case ------------------------------------------------------------------------------
run_quiet <- function(expr) {
  msgs <- character(); warns <- character()
  val <- withCallingHandlers(expr,
    message = function(m) { msgs <<- c(msgs, sub("\n$", "", conditionMessage(m))); invokeRestart("muffleMessage") },
    warning = function(w) { warns <<- c(warns, conditionMessage(w)); invokeRestart("muffleWarning") })
  list(value = val, messages = msgs, warnings = warns)
}

bic_n <- function(ll, df, bic) exp((bic + 2 * as.numeric(ll)) / df)

lme4_block <- function(case, dd, reml) {
  if (is.null(case$lme4)) return(NULL)
  r <- run_quiet(lmer(as.formula(case$lme4), data = dd, REML = reml))
  f <- r$value
  cf <- coef(summary(f))
  list(formula = case$lme4, note = case$lme4_note %||% NULL,
       loglik = as.numeric(logLik(f)), objective = -2 * as.numeric(logLik(f)),
       npar = attr(logLik(f), "df"),
       fixef = fixef_rows(setNames(cf[, 1], rownames(cf)), cf[, 2], cf[, 2]),
       sigma = sigma(f), theta = arr(unname(getME(f, "theta"))),
       varcorr = lapply(seq_len(nrow(vc <- as.data.frame(VarCorr(f)))), function(i) {
         if (is.na(vc$var2[i])) record(group = vc$grp[i], name1 = if (is.na(vc$var1[i])) NULL else vc$var1[i], name2 = NULL, variance = vc$vcov[i], sd = vc$sdcor[i])
         else record(group = vc$grp[i], name1 = vc$var1[i], name2 = vc$var2[i], covariance = vc$vcov[i], corr = vc$sdcor[i]) }),
       messages = arr(r$messages), warnings = arr(r$warnings))
}

common_header <- function(case, d, dd, omitted, reml) {
  list(case = case$id, description = case$description,
       engine = case$engine, engine_version = as.character(packageVersion(if (case$engine == "glmmTMB") "glmmTMB" else "nlme")),
       r_call = case$r_call, method = if (reml) "REML" else "ML", reml = reml,
       formulalmm = list(formula = case$formulalmm, residual = case$residual %||% NULL,
                         ml = !reml, factors = arr(case$factors), note = case$formulalmm_note %||% NULL),
       dataset = case$dataset %||% NULL, data_file = case$file %||% NULL, data_rows = nrow(d),
       factors = arr(case$factors),
       factor_levels = lapply(setNames(case$factors, case$factors), function(f) arr(levels(d[[f]]))),
       nobs = nrow(dd), omitted_rows = arr(as.integer(omitted)))
}

fit_tmb <- function(case, reml) {
  d <- read_case_data(case); mr <- model_rows(case, d); dd <- mr$data
  t0 <- proc.time()[["elapsed"]]
  r <- run_quiet(glmmTMB(as.formula(case$formula), data = dd, REML = reml, map = case$map))
  secs <- proc.time()[["elapsed"]] - t0
  f <- r$value
  beta <- fixef(f)$cond; V <- vcov(f)$cond; sigma <- sigma(f)
  vc <- VarCorr(f)$cond
  stopifnot(identical(names(vc), vapply(case$terms, function(t) t$group, "")))
  Ds <- lapply(vc, function(m) { a <- m; attributes(a) <- list(dim = dim(m), dimnames = dimnames(m)); a })
  X <- model.matrix(as.formula(paste("~", case$fixed_rhs)), dd)
  stopifnot(identical(colnames(X), names(beta)))
  model <- build_lik_model(case, dd, X)
  par_ref <- lik_par(model, lapply(Ds, function(D) D / sigma^2), NULL, NULL)
  # lme4-convention SEs from glmmTMB's V: sqrt(diag(sigma^2 (X'V0^-1 X)^-1)) at glmmTMB's sigma
  at <- profiled_criterion(model, par_ref, reml, details = TRUE)
  vc_lme4 <- sigma^2 * at$vcov / at$sigma^2
  ll <- logLik(f)
  theta <- getME(f, "theta")
  out <- common_header(case, d, dd, mr$omitted, reml)
  out <- c(out, list(
    fixef = fixef_rows(beta, sqrt(diag(V)), sqrt(diag(vc_lme4))),
    vcov = unname(V), vcov_lme4 = unname(vc_lme4),
    sigma = sigma,
    loglik = as.numeric(ll), objective = -2 * as.numeric(ll),
    npar = attr(ll, "df"), aic = AIC(f), bic = BIC(f), bic_n = round(bic_n(ll, attr(ll, "df"), BIC(f)), 6),
    random = lapply(seq_along(case$terms), function(i) random_block(case$terms[[i]], Ds[[i]], nlevels(model$re[[i]]$group))),
    varcorr = varcorr_rows_from(case$terms, Ds, sigma),
    residual = NULL,
    tmb = list(objective = f$fit$objective, theta = arr(unname(theta)),
               theta_map = if (is.null(case$map)) NULL else arr(as.integer(case$map$theta)),
               betad = unname(f$fit$par[names(f$fit$par) == "betad"]),
               par = as.list(setNames(unname(f$fit$par), make.unique(names(f$fit$par)))),
               convergence = f$fit$convergence, message = f$fit$message,
               iterations = f$fit$iterations, pdHess = f$sdr$pdHess,
               theta_to_D_max_abs_error = max(unlist(lapply(seq_along(case$terms), function(i) {
                 idx <- case$theta_index[[i]]
                 abs(glmmtmb_theta_to_D(case$terms[[i]]$tmb, theta[idx], nrow(Ds[[i]])) - Ds[[i]])
               }))),
               messages = arr(r$messages), warnings = arr(r$warnings), seconds = secs),
    lme4 = lme4_block(case, dd, reml),
    check = check_block(case, dd, X, model, par_ref, reml, as.numeric(ll), names(beta))))
  out$residual <- NULL
  out
}

# glmmTMB 1.1.5's theta (one term) -> D, written from glmmTMB.cpp's termwise_nll and TMB's
# UNSTRUCTURED_CORR; checked against VarCorr for every case (tmb.theta_to_D_max_abs_error).
glmmtmb_theta_to_D <- function(structure, th, k) {
  switch(structure,
    diag = diag(exp(2 * th), k),
    us = {
      s <- exp(th[1:k]); L <- diag(k)
      if (k > 1) { pos <- k; for (i in 2:k) for (j in 1:(i - 1)) { pos <- pos + 1; L[i, j] <- th[pos] } }
      C <- cov2cor(tcrossprod(L)); outer(s, s) * C },
    cs = { s <- exp(th[1:k]); a <- 1 / (k - 1); rho <- plogis(th[k + 1]) * (1 + a) - a
           C <- matrix(rho, k, k); diag(C) <- 1; outer(s, s) * C },
    ar1 = { phi <- th[2] / sqrt(1 + th[2]^2); exp(2 * th[1]) * phi^abs(outer(1:k, 1:k, "-")) },
    toep = { s <- exp(th[1:k]); r <- th[(k + 1):(2 * k - 1)]; r <- r / sqrt(1 + r^2)
             C <- diag(k); lag <- abs(outer(1:k, 1:k, "-")); C[lag > 0] <- r[lag[lag > 0]]; outer(s, s) * C })
}

fit_nlme <- function(case, reml) {
  d <- read_case_data(case); mr <- model_rows(case, d); dd <- mr$data
  method <- if (reml) "REML" else "ML"
  env <- list2env(list(dd = dd, method = method), envir = new.env(parent = globalenv()))
  call_txt <- gsub("METHOD", method, case$call)
  t0 <- proc.time()[["elapsed"]]
  r <- run_quiet(tryCatch(eval(parse(text = call_txt), envir = env), error = function(e) e))
  secs <- proc.time()[["elapsed"]] - t0
  out <- common_header(case, d, dd, mr$omitted, reml)
  out$r_call <- call_txt
  X <- model.matrix(as.formula(paste("~", case$fixed_rhs)), dd)
  model <- build_lik_model(case, dd, X)
  f <- r$value
  if (inherits(f, "error")) stop(case$id, ": nlme failed: ", conditionMessage(f))
  ms <- f$modelStruct
  sigma <- f$sigma
  beta <- if (inherits(f, "gls")) coef(f) else fixef(f)
  V <- if (inherits(f, "gls")) f$varBeta else f$varFix
  # random effects: nlme's reStruct is outermost level first; D = sigma^2 * relative matrix
  Ds <- list()
  if (!is.null(ms$reStruct)) {
    rs <- ms$reStruct
    for (t in case$terms) { D <- sigma^2 * as.matrix(rs[[t$nlme_level]]); Ds[[length(Ds) + 1]] <- D }
  }
  cor_value <- NULL; cor_extra <- list()
  if (!is.null(ms$corStruct)) {
    cs <- ms$corStruct
    cor_value <- unname(coef(cs, unconstrained = FALSE))
    cor_extra <- list(nlme_class = class(cs)[1], nlme_coef_name = names(coef(cs, unconstrained = FALSE)),
                      nlme_unconstrained = unname(coef(cs, unconstrained = TRUE)))
  }
  ratios_ref <- NULL; ref_level <- NULL; het_extra <- list()
  if (!is.null(ms$varStruct)) {
    vs <- ms$varStruct
    ratios_ref <- coef(vs, unconstrained = FALSE, allCoef = TRUE)
    ref_level <- attr(vs, "groupNames")[1]     # nlme: first level met in its (group-sorted) data
    het_extra <- list(nlme_group_names = arr(attr(vs, "groupNames")),
                      nlme_unconstrained = arr(unname(coef(vs, unconstrained = TRUE))))
  }
  # likelihood.R parameters at nlme's estimates
  sorted_ratios <- if (is.null(ratios_ref)) NULL else ratios_ref / ratios_ref[[sort(names(ratios_ref))[1]]]
  sigma_first <- if (is.null(ratios_ref)) sigma else sigma * ratios_ref[[sort(names(ratios_ref))[1]]]
  par_ref <- lik_par(model, lapply(Ds, function(D) D / sigma_first^2), cor_value, sorted_ratios)
  at <- profiled_criterion(model, par_ref, reml, details = TRUE)
  vc_lme4 <- at$vcov * (sigma_first / at$sigma)^2
  ll <- logLik(f)
  for (i in seq_along(Ds)) colnames(Ds[[i]]) <- rownames(Ds[[i]]) <- colnames(model$re[[i]]$M)
  out <- c(out, list(
    fixef = fixef_rows(beta, sqrt(diag(V)), sqrt(diag(vc_lme4))),
    vcov = unname(V), vcov_lme4 = unname(vc_lme4),
    sigma = sigma,
    loglik = as.numeric(ll), objective = -2 * as.numeric(ll),
    npar = attr(ll, "df"), aic = AIC(f), bic = BIC(f), bic_n = round(bic_n(ll, attr(ll, "df"), BIC(f)), 6),
    random = lapply(seq_along(case$terms), function(i) random_block(case$terms[[i]], Ds[[i]], nlevels(model$re[[i]]$group))),
    varcorr = varcorr_rows_from(case$terms, Ds, sigma),
    residual = residual_block(case, sigma, cor_value, ratios_ref, ref_level, list(cor = cor_extra, het = het_extra)),
    nlme = list(class = class(f)[1],
                converged = !any(grepl("converge", c(r$warnings, r$messages))),
                apVar_available = !is.character(f$apVar),
                messages = arr(r$messages), warnings = arr(r$warnings), seconds = secs),
    lme4 = lme4_block(case, dd, reml),
    check = check_block(case, dd, X, model, par_ref, reml, as.numeric(ll), names(beta))))
  out
}

fit_case <- function(case, reml, out_dir = ".") {
  res <- if (case$engine == "glmmTMB") fit_tmb(case, reml) else fit_nlme(case, reml)
  id <- paste0(case$id, if (reml) "_reml" else "_ml")
  res$case <- id
  write_json_file(res, file.path(out_dir, paste0(id, ".json")))
  invisible(res)
}
