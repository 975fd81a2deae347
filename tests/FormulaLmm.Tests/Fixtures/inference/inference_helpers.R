# Helpers that fit one inference case with lme4/lmerTest/pbkrtest and write it as JSON.
# The JSON shape is documented field by field in README.md. The JSON writer and the CSV reader
# are the ones of the lme4 fixtures (../lme4/fixture_helpers.R): every double is written with
# 17 significant digits, NA/NaN/Inf as null.

suppressPackageStartupMessages({
  library(lme4)
  library(lmerTest)
  library(pbkrtest)
  library(nloptr)
})
source("../lme4/fixture_helpers.R")   # arr(), record(), to_json(), write_json_file(), read_case_data()

# ---- small utilities ----------------------------------------------------------------------

# Runs expr, collecting messages and warnings instead of printing them; an error is returned
# as list(error = message) so that a refusal by the reference can itself be a fixture.
capture <- function(expr) {
  msgs <- character(); warns <- character()
  value <- tryCatch(withCallingHandlers(expr,
    message = function(m) { msgs <<- c(msgs, sub("\n$", "", conditionMessage(m))); invokeRestart("muffleMessage") },
    warning = function(w) { warns <<- c(warns, conditionMessage(w)); invokeRestart("muffleWarning") }),
    error = function(e) structure(list(error = conditionMessage(e)), class = "captured_error"))
  list(value = value, messages = msgs, warnings = warns,
       failed = inherits(value, "captured_error"))
}

num_matrix <- function(m) { m <- as.matrix(m); dimnames(m) <- NULL; m }

# A named numeric matrix as {rows, columns, matrix}.
named_matrix <- function(m) {
  m <- as.matrix(m)
  list(rows = arr(rownames(m) %||% character()), columns = arr(colnames(m) %||% character()),
       matrix = num_matrix(m))
}

# Confidence-interval table (rows = parameters, 2 columns) as [{parameter, lower, upper}].
ci_rows <- function(ci) {
  lapply(seq_len(nrow(ci)), function(i)
    record(parameter = rownames(ci)[i], lower = unname(ci[i, 1]), upper = unname(ci[i, 2])))
}

pad_to_rows <- function(values, nrows) arr(unname(as.numeric(values)))

# ---- fitting ------------------------------------------------------------------------------

# lmerTest::lmer evaluates its call in the caller's frame, so the formula and data must be
# variables here. lmerTest computes the Satterthwaite ingredients (Hessian, Jacobian) at fit time.
fit_case_lt <- function(case, d) {
  form <- as.formula(case$formula, env = globalenv())
  reml <- case$reml
  capture(lmerTest::lmer(form, data = d, REML = reml))
}

fit_section <- function(m, case, d) {
  form <- as.formula(case$formula, env = globalenv())
  theta <- getME(m, "theta")
  cf <- coef(summary(as(m, "lmerMod")))
  devfun <- lme4::lmer(form, data = d, REML = case$reml, devFunOnly = TRUE)
  objective <- if (case$reml) REMLcrit(m) else deviance(m)
  dv <- devfun(theta)
  # a second point away from the optimum, to check the deviance function itself
  theta2 <- theta + 0.1
  dv2 <- devfun(theta2)
  ll <- logLik(m)
  list(
    objective_kind = if (case$reml) "REMLcrit" else "deviance",
    objective = unname(objective),
    devfun_at_theta = dv,
    devfun_checks = list(record(theta = arr(unname(theta2)), value = dv2)),
    theta = arr(unname(theta)),
    theta_names = arr(names(theta)),
    sigma = sigma(m),
    beta = lapply(seq_len(nrow(cf)), function(i)
      record(name = rownames(cf)[i], estimate = cf[i, 1], se = cf[i, 2], t = cf[i, 3])),
    vcov = num_matrix(vcov(m)),
    loglik = as.numeric(ll),
    npar = as.integer(attr(ll, "df")),
    singular = isSingular(m, tol = 1e-4)
  )
}

# ---- Satterthwaite ------------------------------------------------------------------------

coef_rows <- function(tab) {
  lapply(seq_len(nrow(tab)), function(i)
    record(name = rownames(tab)[i], estimate = tab[i, "Estimate"], se = tab[i, "Std. Error"],
           df = tab[i, "df"], t = tab[i, "t value"], p = tab[i, "Pr(>|t|)"]))
}

satterthwaite_section <- function(m) {
  s <- capture(summary(m, ddf = "Satterthwaite"))
  if (s$failed) return(list(error = s$value$error))
  varpar <- c(getME(m, "theta"), sigma = sigma(m))
  list(
    coefficients = coef_rows(s$value$coefficients),
    varpar_names = arr(c(names(getME(m, "theta")), "sigma")),
    varpar = arr(unname(varpar)),
    vcov_varpar = num_matrix(m@vcov_varpar),
    jacobian_vcov_beta = lapply(m@Jac_list, num_matrix),
    warnings = arr(s$warnings)
  )
}

# ---- Kenward-Roger ------------------------------------------------------------------------

kenward_roger_section <- function(m, with_internals = TRUE) {
  s <- capture(summary(m, ddf = "Kenward-Roger"))
  if (s$failed) return(list(error = s$value$error))
  tab <- s$value$coefficients
  out <- list(coefficients = coef_rows(tab),
              se_unadjusted = arr(unname(sqrt(diag(as.matrix(vcov(m)))))),
              warnings = arr(s$warnings))
  if (with_internals) {
    va <- capture(pbkrtest::vcovAdj(as(m, "lmerMod")))
    if (va$failed) {
      out$vcov_adj_error <- va$value$error
    } else {
      V <- va$value
      out$vcov_adj <- num_matrix(V)
      out$W <- num_matrix(attr(V, "W"))
      out$condi <- attr(V, "condi")
    }
  }
  out
}

# ---- type III anova -----------------------------------------------------------------------

anova_rows <- function(tab) {
  lapply(seq_len(nrow(tab)), function(i)
    record(term = rownames(tab)[i], sum_sq = tab[i, "Sum Sq"], mean_sq = tab[i, "Mean Sq"],
           num_df = tab[i, "NumDF"], den_df = tab[i, "DenDF"], f = tab[i, "F value"],
           p = tab[i, "Pr(>F)"]))
}

anova_section <- function(m) {
  sa <- capture(anova(m, type = 3, ddf = "Satterthwaite"))
  kr <- capture(anova(m, type = 3, ddf = "Kenward-Roger"))
  hyp <- if (!sa$failed) attr(sa$value, "hypotheses") else NULL
  list(
    hypotheses = if (is.null(hyp)) NULL else lapply(hyp, named_matrix),
    satterthwaite = if (sa$failed) list(error = sa$value$error) else anova_rows(sa$value),
    kenward_roger = if (kr$failed) list(error = kr$value$error) else anova_rows(kr$value),
    warnings = arr(c(sa$warnings, kr$warnings))
  )
}

# ---- confidence intervals -----------------------------------------------------------------

profile_points <- function(pr) {
  df <- as.data.frame(pr)
  pars <- levels(df$.par)
  setNames(lapply(pars, function(p) {
    s <- df[df$.par == p, ]
    list(focal = arr(s$.focal), zeta = arr(s$.zeta))
  }), pars)
}

confint_section <- function(m, case) {
  wald <- confint(m, method = "Wald", oldNames = FALSE, level = 0.95)
  out <- list(wald_95 = ci_rows(wald))
  pr <- NULL
  if (isTRUE(case$profile)) {
    p <- capture(profile(as(m, "lmerMod"), signames = FALSE))
    if (p$failed) {
      out$profile_error <- p$value$error
    } else {
      pr <- p$value
      c95 <- capture(confint(pr, level = 0.95))
      out$profile_95 <- ci_rows(c95$value)
      if (isTRUE(case$profile_90)) out$profile_90 <- ci_rows(confint(pr, level = 0.90))
      out$profile_messages <- arr(p$messages)
      out$profile_warnings <- arr(c(p$warnings, c95$warnings))
      out$profile_points <- profile_points(pr)
    }
  }
  list(section = out, profile = pr)
}

# ---- profile limits by root finding -------------------------------------------------------
# The quantity lme4 profiles: the ML deviance (a REML fit is refitted by ML), for a variance
# parameter on the sd/cor/sigma scale minimised over the other variance parameters (beta
# profiled out), for a fixed effect minimised over theta (sigma and the other betas profiled
# out). zeta = sign(x - x_hat) * sqrt(dev(x) - dev_min); a limit solves zeta = qnorm(a).
# Here every inner minimisation is done tightly (BOBYQA, xtol_rel 1e-11) and the limit is found
# by uniroot on zeta, bracketed with lme4's own profile points; lme4 instead interpolates its
# profile points with splines.

tight_opts <- list(algorithm = "NLOPT_LN_BOBYQA", xtol_rel = 1e-11, ftol_abs = 1e-13,
                   maxeval = 1e5)

tight_min <- function(fn, x0, lb, ub) {
  x0 <- pmin(pmax(x0, lb), ub)
  best <- list(par = x0, value = fn(x0))
  for (pass in 1:3) {          # restart from the last solution: BOBYQA can stop early
    r <- nloptr(x0 = best$par, eval_f = fn, lb = lb, ub = ub, opts = tight_opts)
    if (r$objective < best$value - 1e-13) {
      best <- list(par = r$solution, value = r$objective)
    } else break
  }
  best
}

profile_root_section <- function(m, case, pr, levels = c(0.95)) {
  fm <- refitML(as(m, "lmerMod"))
  dd <- lme4:::devfun2(fm, useSc = TRUE, signames = FALSE)
  opt <- attr(dd, "optimum")
  p <- length(fixef(fm))
  nvp <- length(opt) - p
  vnames <- names(opt)[seq_len(nvp)]
  is_cor <- startsWith(vnames, "cor_")
  lbv <- ifelse(is_cor, -1, 0)
  ubv <- ifelse(is_cor, 1, Inf)
  # the ML optimum, found tightly
  vbest <- tight_min(function(v) dd(v), unname(opt[seq_len(nvp)]), lbv, ubv)
  base <- vbest$value
  vhat <- setNames(vbest$par, vnames)

  # fixed-effect profiles: ML deviance profiled over sigma and the other betas, minimised over theta
  form <- as.formula(case$formula, env = globalenv())
  lf <- lFormula(form, data = read_case_data(case), REML = FALSE)
  X <- lf$X
  theta_lower <- lf$reTrms$lower
  devf_full <- mkLmerDevfun(lf$fr, X, lf$reTrms, REML = FALSE)
  theta_hat_ml <- tight_min(function(th) devf_full(th), getME(fm, "theta"), theta_lower,
                            rep(Inf, length(theta_lower)))
  base <- min(base, theta_hat_ml$value)
  devf_full(theta_hat_ml$par)
  beta_hat <- setNames(environment(devf_full)$pp$beta(1), colnames(X))

  # Each inner minimisation starts from the previous solution, from the ML optimum and from
  # lme4's own profile point nearest to x, and keeps the best: the deviance surface can have
  # several local minima (e.g. a correlation near +-1), and a single warm-started run then
  # follows the wrong one.
  pts <- as.data.frame(pr)
  nearest_row <- function(pname, x) {
    s <- pts[pts$.par == pname & !is.na(pts$.zeta), ]
    s[which.min(abs(s$.focal - x)), vnames]
  }
  best_of <- function(fn, starts, lb, ub) {
    best <- NULL
    for (st in starts) {
      r <- tight_min(fn, st, lb, ub)
      if (is.null(best) || r$value < best$value) best <- r
    }
    best
  }
  cnms_len <- lengths(fm@cnms)
  zeta_fun <- function(pname) {
    if (pname %in% vnames) {
      w <- match(pname, vnames)
      prev <- vhat[-w]
      center <- vhat[[w]]
      f <- function(x) {
        fn <- function(y) { v <- numeric(nvp); v[w] <- x; v[-w] <- y; dd(v) }
        r <- if (nvp == 1) list(par = numeric(), value = dd(x)) else {
          starts <- list(prev, vhat[-w], unlist(nearest_row(pname, x))[-w])
          best_of(fn, starts, lbv[-w], ubv[-w])
        }
        if (nvp > 1) prev <<- r$par
        sign(x - center) * sqrt(max(0, r$value - base))
      }
    } else {
      j <- match(pname, colnames(X))
      devf <- mkLmerDevfun(lf$fr, X[, -j, drop = FALSE], lf$reTrms, REML = FALSE)
      env <- environment(devf)
      off0 <- env$resp$offset + 0   # a copy: the field shares memory with the C++ object
      prev <- theta_hat_ml$par
      center <- beta_hat[[j]]
      f <- function(x) {
        env$resp$setOffset(off0 + X[, j] * x)
        row <- unlist(nearest_row(pname, x))
        th_lme4 <- as.numeric(lme4:::Sv_to_Cv(row, n = cnms_len, s = row[[nvp]]))
        starts <- list(prev, theta_hat_ml$par, th_lme4)
        r <- best_of(function(th) devf(th), starts, theta_lower, rep(Inf, length(theta_lower)))
        prev <<- r$par
        sign(x - center) * sqrt(max(0, r$value - base))
      }
    }
    list(f = f, center = center)
  }

  bounds_of <- function(pname) {
    if (pname %in% vnames) { w <- match(pname, vnames); c(lbv[w], ubv[w]) } else c(-Inf, Inf)
  }
  limits <- list()
  for (lev in levels) {
    zcrit <- qnorm(1 - (1 - lev) / 2)
    lme4_ci <- confint(pr, level = lev)
    rows <- lapply(rownames(lme4_ci), function(pname) {
      zf <- zeta_fun(pname)
      s <- pts[pts$.par == pname, ]
      b <- bounds_of(pname)
      find <- function(sgn) {
        target <- sgn * zcrit
        # bracket: lme4's profile point just beyond the target, else step outward to the bound
        beyond <- if (sgn > 0) s$.focal[!is.na(s$.zeta) & s$.zeta > target & s$.focal > zf$center]
                  else s$.focal[!is.na(s$.zeta) & s$.zeta < target & s$.focal < zf$center]
        outer <- if (length(beyond)) (if (sgn > 0) min(beyond) else max(beyond)) else NA
        if (!is.na(outer) && sgn * (zf$f(outer) - target) < 0) outer <- NA
        if (is.na(outer)) {
          span <- max(abs(zf$center), 1) * 0.5
          x <- zf$center
          repeat {
            x <- x + sgn * span
            if (sgn < 0 && x <= b[1]) x <- b[1]
            if (sgn > 0 && x >= b[2]) x <- b[2]
            z <- zf$f(x)
            if (sgn * (z - target) >= 0) { outer <- x; break }
            if (x == b[1] || x == b[2]) return(list(limit = NA_real_, zeta_at_bound = z))
            span <- span * 2
            if (abs(x - zf$center) > 1e6 * max(abs(zf$center), 1)) return(list(limit = NA_real_, zeta_at_bound = z))
          }
        }
        # inner bracket: the estimate itself (zeta = 0)
        tol <- 1e-10 * max(abs(zf$center), abs(outer), 1e-3)
        r <- uniroot(function(x) zf$f(x) - target, sort(c(zf$center, outer)), tol = tol, maxiter = 200)
        list(limit = r$root, zeta_at_bound = NULL)
      }
      lo <- find(-1); up <- find(1)
      zl <- if (is.na(lme4_ci[pname, 1])) NA_real_ else zf$f(lme4_ci[pname, 1])
      zu <- if (is.na(lme4_ci[pname, 2])) NA_real_ else zf$f(lme4_ci[pname, 2])
      record(parameter = pname, estimate_ml = zf$center,
             lower = lo$limit, upper = up$limit,
             lme4_lower = unname(lme4_ci[pname, 1]), lme4_upper = unname(lme4_ci[pname, 2]),
             zeta_at_lme4_lower = zl, zeta_at_lme4_upper = zu,
             zeta_at_lower_bound = lo$zeta_at_bound, zeta_at_upper_bound = up$zeta_at_bound)
    })
    limits[[length(limits) + 1]] <- list(level = lev, zeta = zcrit, limits = rows)
  }
  list(
    ml_deviance_min = base,
    lme4_ml_deviance = attr(dd, "basedev"),
    ml_estimates = c(lapply(as.list(vhat), identity), lapply(as.list(beta_hat), identity)),
    levels = limits
  )
}

# ---- prediction ---------------------------------------------------------------------------

# Newdata CSVs are read like the training data; the training factors are passed as character
# (lme4 maps them onto the training levels and treats unseen grouping levels as new levels);
# ordered factors get the training level order.
read_newdata <- function(path, case) {
  nd <- read.csv(path, na.strings = c("", "NA"), stringsAsFactors = FALSE)
  for (col in intersect(case$factors, names(nd))) nd[[col]] <- as.character(nd[[col]])
  for (col in intersect(names(case$ordered), names(nd)))
    nd[[col]] <- factor(as.character(nd[[col]]), levels = case$ordered[[col]], ordered = TRUE)
  nd
}

predict_section <- function(m, case) {
  nd <- read_newdata(case$newdata, case)
  mm <- as(m, "lmerMod")
  # na.action = na.exclude: rows with a missing value the prediction needs give NA, in place.
  # (predict's default na.pass gives NA for a missing numeric value but fails with
  # "non-conformable arguments" for a missing fixed-effect factor; recorded below.)
  # lme4 1.1-31 fails ("non-conformable arguments") on some frames with a missing value (e.g. a
  # missing numeric variable that also appears in a random-effects term); then each row is
  # predicted on its own and a row that still fails is NA, listed in row_errors.
  by_rows <- function(...) {
    whole <- capture(predict(mm, newdata = nd, ..., na.action = na.exclude))
    if (!whole$failed && length(whole$value) == nrow(nd))
      return(list(value = whole$value, warnings = whole$warnings, row_errors = list()))
    if (!whole$failed) whole$value <- list(error = sprintf(
      "returned %d values for %d rows", length(whole$value), nrow(nd)))
    errs <- list(); warns <- character()
    vals <- vapply(seq_len(nrow(nd)), function(i) {
      r <- capture(predict(mm, newdata = nd[i, , drop = FALSE], ..., na.action = na.exclude))
      warns <<- c(warns, r$warnings)
      if (r$failed) { errs[[length(errs) + 1]] <<- record(row = i, error = r$value$error); NA_real_ }
      else as.numeric(r$value)
    }, numeric(1))
    list(value = vals, warnings = unique(warns), row_errors = errs,
         whole_frame_error = whole$value$error)
  }
  cond <- by_rows(allow.new.levels = TRUE)
  pop <- by_rows(re.form = NA)
  cond_pass <- capture(predict(mm, newdata = nd, allow.new.levels = TRUE))
  pop_pass <- capture(predict(mm, newdata = nd, re.form = NA))
  strict <- capture(predict(mm, newdata = nd, na.action = na.exclude))
  stopifnot(length(cond$value) == nrow(nd), length(pop$value) == nrow(nd))
  # standard error of the population-level prediction: sqrt(diag(X V X')), X built as predict does
  tt <- delete.response(terms(mm, fixed.only = TRUE))
  # training levels only: lme4's get.orig.levs(newdata = ) also adds the new data's values as
  # levels, NA included, which is how a missing factor value breaks predict() (an extra column)
  xlev <- lme4:::get.orig.levs(mm, fixed.only = TRUE)
  mf <- model.frame(tt, nd, na.action = na.exclude, xlev = xlev)
  Xn <- model.matrix(tt, mf, contrasts.arg = attr(getME(mm, "X"), "contrasts"))
  V <- as.matrix(vcov(mm))
  se <- napredict(attr(mf, "na.action"), sqrt(rowSums((Xn %*% V) * Xn)))
  fx <- napredict(attr(mf, "na.action"), drop(Xn %*% fixef(mm)))
  ok <- !is.na(pop$value)
  stopifnot(isTRUE(all.equal(unname(fx[ok]), unname(pop$value[ok]), tolerance = 1e-12)))
  new_levels <- lapply(names(getME(mm, "flist")), function(fn) {
    vars <- all.vars(as.formula(paste("~", fn)))
    if (!all(vars %in% names(nd))) return(arr(character()))
    key <- do.call(paste, c(lapply(vars, function(v) as.character(nd[[v]])), sep = ":"))
    # lme4 names an interaction group by its variables in the order of the formula
    known <- levels(getME(mm, "flist")[[fn]])
    arr(unique(key[!key %in% known & !apply(is.na(nd[vars]), 1, any)]))
  })
  names(new_levels) <- names(getME(mm, "flist"))
  values_or_error <- function(r) if (r$failed) list(error = r$value$error) else
    list(values = arr(unname(as.numeric(r$value))), warnings = arr(r$warnings))
  list(
    newdata_file = basename(case$newdata),
    newdata_rows = nrow(nd),
    conditional = arr(unname(as.numeric(cond$value))),
    conditional_warnings = arr(cond$warnings),
    conditional_row_errors = cond$row_errors,
    conditional_whole_frame_error = cond$whole_frame_error,
    population = arr(unname(as.numeric(pop$value))),
    population_row_errors = pop$row_errors,
    population_whole_frame_error = pop$whole_frame_error,
    population_se = arr(unname(as.numeric(se))),
    new_levels = new_levels,
    na_pass = list(conditional = values_or_error(cond_pass), population = values_or_error(pop_pass)),
    without_allow_new_levels = values_or_error(strict)
  )
}

# predict() on new data that R refuses (e.g. an unseen level of a fixed-effect factor)
predict_error_rows <- function(m, case) {
  lapply(case$predict_errors %||% list(), function(pe) {
    nd <- read_newdata(pe$file, case)
    r1 <- capture(predict(as(m, "lmerMod"), newdata = nd, allow.new.levels = TRUE))
    r2 <- capture(predict(as(m, "lmerMod"), newdata = nd, re.form = NA))
    record(newdata_file = pe$file, description = pe$description,
           conditional_error = if (r1$failed) r1$value$error else NULL,
           population_error = if (r2$failed) r2$value$error else NULL)
  })
}

# ---- fitted/residuals padded, coef --------------------------------------------------------

na_exclude_section <- function(case, d) {
  form <- as.formula(case$formula, env = globalenv())
  fm <- lme4::lmer(form, data = d, REML = case$reml, na.action = na.exclude)
  f <- fitted(fm); r <- residuals(fm)
  stopifnot(length(f) == nrow(d), length(r) == nrow(d))
  list(fitted = arr(unname(f)), residuals = arr(unname(r)),
       missing_rows = arr(as.integer(which(is.na(f)))))
}

coef_section <- function(m) {
  cf <- coef(as(m, "lmerMod"))
  lapply(cf, function(tab) list(levels = arr(rownames(tab)), columns = arr(colnames(tab)),
                                values = num_matrix(tab)))
}

# ---- one case -----------------------------------------------------------------------------

run_case <- function(case, out_dir = ".") {
  d <- read_case_data(case)
  f <- fit_case_lt(case, d)
  if (f$failed) stop("fit failed for ", case$id, ": ", f$value$error)
  m <- f$value
  p <- length(fixef(m))
  out <- list(
    case = case$id,
    description = case$description,
    formula = case$formula,
    method = if (case$reml) "REML" else "ML",
    reml = case$reml,
    dataset = case$dataset,
    data_file = case$file,
    data_rows = nrow(d),
    factors = arr(case$factors),
    ordered_factors = if (is.null(case$ordered)) setNames(list(), character()) else
      lapply(case$ordered, arr),
    nobs = nobs(m),
    fit_messages = arr(f$messages),
    fit_warnings = arr(f$warnings),
    fit = fit_section(m, case, d),
    satterthwaite = satterthwaite_section(m),
    kenward_roger = if (isTRUE(case$kr %||% TRUE)) kenward_roger_section(m, isTRUE(case$kr_internals %||% TRUE)) else NULL
  )
  if (p > 1 && isTRUE(case$anova %||% TRUE)) out$anova_type3 <- anova_section(m)
  ci <- confint_section(m, case)
  out$confint <- ci$section
  if (isTRUE(case$profile_root) && !is.null(ci$profile))
    out$profile_root <- profile_root_section(m, case, ci$profile,
                                             levels = if (isTRUE(case$profile_90)) c(0.95, 0.90) else 0.95)
  if (!is.null(case$newdata)) out$predict <- predict_section(m, case)
  if (!is.null(case$predict_errors)) out$predict_errors <- predict_error_rows(m, case)
  if (isTRUE(case$na_exclude %||% TRUE)) out$na_exclude <- na_exclude_section(case, d)
  if (isTRUE(case$coef %||% TRUE)) out$coef <- coef_section(m)
  if (!is.null(case$extra)) out <- c(out, case$extra)
  path <- file.path(out_dir, paste0(case$id, ".json"))
  write_json_file(out, path)
  invisible(list(fit = m, json = path))
}
