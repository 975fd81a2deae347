# Helpers that fit one reference case with lme4 and write it as JSON.
# The JSON schema is documented field by field in README.md.

suppressPackageStartupMessages({
  library(lme4)
  library(jsonlite)
})

# ---- JSON writing ------------------------------------------------------------------------
# jsonlite rounds numbers to at most 15 significant digits, which is not enough to reproduce a
# double exactly, so values are serialised here: every double is written with "%.17g" (exactly
# reproducible by any correct parser); jsonlite is used only to escape strings.
# Conventions: a named list is an object, an unnamed list an array; an atomic vector is an array
# when wrapped with arr() and a scalar when it has length 1 otherwise; a matrix is an array of
# rows; NULL, NA and NaN are null; -Inf/Inf are null too (only lower bounds use them, see README).

arr <- function(x) structure(x, class = c("json_array", class(x)))

json_scalar <- function(v) {
  if (is.null(v) || length(v) == 0) return("null")
  if (is.factor(v)) v <- as.character(v)
  if (is.na(v)) return("null")
  if (is.logical(v)) return(if (v) "true" else "false")
  if (is.character(v)) return(as.character(jsonlite::toJSON(unclass(v), auto_unbox = TRUE)))
  if (is.integer(v)) return(as.character(v))
  if (is.numeric(v)) {
    if (!is.finite(v)) return("null")
    if (v == round(v) && abs(v) < 1e15) return(sprintf("%.0f", v))
    return(sprintf("%.17g", v))
  }
  stop("cannot serialise ", class(v))
}

# A record is an object written on one line (fixef, varcorr and blup rows).
record <- function(...) structure(list(...), class = "json_record")

to_json <- function(x, indent = 0L) {
  if (is.null(x)) return("null")
  if (inherits(x, "json_record")) {
    keys <- vapply(names(x), json_scalar, character(1))
    vals <- vapply(unclass(x), function(v) to_json(v), character(1))
    return(paste0("{", paste0(keys, ": ", vals, collapse = ", "), "}"))
  }
  if (is.matrix(x)) {
    rows <- lapply(seq_len(nrow(x)), function(i) arr(unname(x[i, ])))
    return(to_json(rows, indent))
  }
  if (inherits(x, "json_array")) {
    v <- unclass(x)
    if (length(v) == 0) return("[]")
    return(paste0("[", paste(vapply(seq_along(v), function(i) json_scalar(v[[i]]), character(1)),
                             collapse = ", "), "]"))
  }
  if (is.list(x)) {
    if (length(x) == 0) return(if (is.null(names(x))) "[]" else "{}")
    pad <- strrep("  ", indent + 1L)
    items <- vapply(x, to_json, character(1), indent = indent + 1L)
    if (!is.null(names(x))) {
      items <- paste0(vapply(names(x), json_scalar, character(1)), ": ", items)
      return(paste0("{\n", paste0(pad, items, collapse = ",\n"), "\n", strrep("  ", indent), "}"))
    }
    return(paste0("[\n", paste0(pad, items, collapse = ",\n"), "\n", strrep("  ", indent), "]"))
  }
  if (length(x) != 1) stop("vector of length ", length(x), " must be wrapped with arr()")
  json_scalar(x)
}

write_json_file <- function(x, path) {
  writeLines(to_json(x), path, useBytes = TRUE)
  invisible(path)
}

# ---- Data ---------------------------------------------------------------------------------

shared_data_dir <- function() Sys.getenv("FORMULALMM_SHARED_DATA", "/work/shared/data")

# Reads a case's CSV the way the fixtures assume FormulaLmm reads it: empty field or NA is
# missing; then the declared columns become factors (levels in R's sort order, numeric order
# for integer-valued columns) and the ordered ones ordered factors with the given levels.
read_case_data <- function(case) {
  path <- if (!is.null(case$dataset)) file.path(shared_data_dir(), paste0(case$dataset, ".csv"))
          else case$file
  d <- read.csv(path, na.strings = c("", "NA"), stringsAsFactors = FALSE)
  for (col in case$factors) d[[col]] <- factor(d[[col]])
  for (col in names(case$ordered)) {
    d[[col]] <- factor(as.character(d[[col]]), levels = case$ordered[[col]], ordered = TRUE)
  }
  d
}

# ---- Fitting and extraction ----------------------------------------------------------------

fit_with_conditions <- function(formula, data, reml) {
  msgs <- character(); warns <- character()
  fit <- withCallingHandlers(
    lmer(formula, data = data, REML = reml),
    message = function(m) { msgs <<- c(msgs, sub("\n$", "", conditionMessage(m))); invokeRestart("muffleMessage") },
    warning = function(w) { warns <<- c(warns, conditionMessage(w)); invokeRestart("muffleWarning") })
  list(fit = fit, messages = msgs, warnings = warns)
}

varcorr_rows <- function(fit) {
  vc <- as.data.frame(VarCorr(fit))   # lme4's order: per group variances, then covariances; Residual last
  lapply(seq_len(nrow(vc)), function(i) {
    r <- vc[i, ]
    n1 <- if (is.na(r$var1)) NULL else r$var1
    n2 <- if (is.na(r$var2)) NULL else r$var2
    if (is.null(n2)) {
      record(group = r$grp, name1 = n1, name2 = NULL, variance = r$vcov, sd = r$sdcor)
    } else {
      record(group = r$grp, name1 = n1, name2 = n2, covariance = r$vcov, corr = r$sdcor)
    }
  })
}

blup_rows <- function(fit, groups = NULL) {
  re <- ranef(fit, condVar = TRUE)
  if (!is.null(groups)) re <- re[groups]
  class(re) <- "ranef.mer"
  df <- as.data.frame(re)
  # condsd cross-check against the postVar arrays (sqrt of each per-level diagonal)
  for (gname in names(re)) {
    pv <- attr(re[[gname]], "postVar")
    terms <- colnames(re[[gname]])
    if (is.list(pv)) {
      # several terms share this grouping factor (e.g. ||): one array per term
      sds <- do.call(cbind, lapply(pv, function(a) sqrt(apply(a, 3, diag))))
      sds <- matrix(sds, ncol = length(terms))
    } else {
      sds <- t(matrix(sqrt(apply(pv, 3, function(m) diag(as.matrix(m)))), nrow = length(terms)))
    }
    for (j in seq_along(terms)) {
      sel <- df$grpvar == gname & df$term == terms[j]
      stopifnot(isTRUE(all.equal(df$condsd[sel], sds[, j], tolerance = 1e-14)))
    }
  }
  lapply(seq_len(nrow(df)), function(i) {
    record(group = as.character(df$grpvar[i]), term = as.character(df$term[i]),
           level = as.character(df$grp[i]), value = df$condval[i], condsd = df$condsd[i])
  })
}

# The contrast matrix (levels x columns) used in X for each factor in x_contrasts, so that
# polynomial contrasts can be checked number by number.
x_contrast_matrices <- function(fit, x_contr) {
  if (is.null(x_contr)) return(setNames(list(), character()))
  mf <- model.frame(fit)
  lapply(setNames(names(x_contr), names(x_contr)), function(cl) {
    cm <- contrasts(mf[[cl]])   # what model.matrix used: options("contrasts") for the factor's class
    list(levels = arr(levels(mf[[cl]])), columns = arr(colnames(cm) %||% as.character(seq_len(ncol(cm)))),
         matrix = unname(as.matrix(cm)))
  })
}

# Levels of the factor columns in lme4's model frame: after NA removal, unused levels dropped.
model_frame_levels <- function(fit) {
  mf <- model.frame(fit)
  cols <- names(mf)[vapply(mf, is.factor, logical(1))]
  if (length(cols) == 0) return(setNames(list(), character()))
  setNames(lapply(cols, function(cl) arr(levels(mf[[cl]]))), cols)
}

random_terms <- function(fit) {
  cnms <- getME(fit, "cnms")
  flist <- getME(fit, "flist")
  asgn <- attr(flist, "assign")
  nth <- vapply(cnms, function(cn) { k <- length(cn); k * (k + 1) / 2 }, numeric(1))
  start <- cumsum(c(1, nth))[seq_along(nth)]
  lapply(seq_along(cnms), function(i) {
    list(group = names(cnms)[i],
         factor = names(flist)[asgn[i]],
         columns = arr(cnms[[i]]),
         nlevels = nlevels(flist[[asgn[i]]]),
         theta_index = arr(as.integer(seq(start[i], length.out = nth[i]))))
  })
}

fit_case <- function(case, out_dir = ".") {
  d <- read_case_data(case)
  f <- fit_with_conditions(as.formula(case$formula, env = globalenv()), d, case$reml)
  fit <- f$fit
  opt <- fit@optinfo
  cf <- coef(summary(fit))
  V <- as.matrix(vcov(fit))
  dimnames(V) <- NULL
  X <- getME(fit, "X")
  dropped <- attr(X, "col.dropped")
  kept_rows <- as.integer(rownames(model.frame(fit)))
  omitted <- setdiff(seq_len(nrow(d)), kept_rows)
  na_act <- attr(model.frame(fit), "na.action")
  if (!is.null(na_act)) stopifnot(identical(sort(as.integer(na_act)), omitted))
  ll <- logLik(fit)
  codes <- opt$conv$lme4$code
  theta <- getME(fit, "theta")
  lower <- getME(fit, "lower")
  objective <- if (case$reml) REMLcrit(fit) else deviance(fit)
  stopifnot(isTRUE(all.equal(unname(objective), -2 * as.numeric(ll), tolerance = 1e-12)))
  cmp <- getME(fit, "devcomp")$cmp
  factor_cols <- names(d)[vapply(d, is.factor, logical(1))]
  ordered_cols <- names(d)[vapply(d, is.ordered, logical(1))]
  x_contr <- attr(X, "contrasts")
  srq <- quantile(residuals(fit, type = "pearson", scaled = TRUE), na.rm = TRUE)
  keep_obs <- isTRUE(case$store_fitted %||% TRUE)
  ng <- ngrps(fit)

  out <- list(
    case = case$id,
    description = case$description,
    lme4_version = as.character(packageVersion("lme4")),
    r_version = R.version.string,
    formula = case$formula,
    method = if (case$reml) "REML" else "ML",
    reml = case$reml,
    dataset = case$dataset,
    data_file = case$file,
    data_rows = nrow(d),
    factors = arr(factor_cols),
    ordered_factors = arr(ordered_cols),
    factor_levels = setNames(lapply(factor_cols, function(cl) arr(levels(d[[cl]]))), factor_cols),
    model_frame_levels = model_frame_levels(fit),
    x_contrasts = if (is.null(x_contr)) setNames(list(), character()) else
      lapply(x_contr, function(cn) if (is.character(cn)) cn else "custom"),
    x_contrast_matrices = x_contrast_matrices(fit, x_contr),
    nobs = nobs(fit),
    omitted_rows = arr(as.integer(omitted)),
    df_resid = df.residual(fit),
    x_columns = arr(colnames(X)),
    dropped_fixed = if (is.null(dropped)) list() else
      lapply(seq_along(dropped), function(i) record(name = names(dropped)[i], column = as.integer(dropped[[i]]))),
    fixef = lapply(seq_len(nrow(cf)), function(i)
      record(name = rownames(cf)[i], estimate = cf[i, 1], se = cf[i, 2], t = cf[i, 3])),
    vcov = V,
    sigma = sigma(fit),
    theta = arr(unname(theta)),
    theta_names = arr(names(theta)),
    theta_lower = arr(unname(lower)),
    random_terms = random_terms(fit),
    ngrps = lapply(as.list(ng), as.integer),
    objective = unname(objective),
    loglik = as.numeric(ll),
    loglik_df = as.integer(attr(ll, "df")),
    aic = AIC(fit),
    bic = BIC(fit),
    devcomp = as.list(cmp),
    varcorr = varcorr_rows(fit),
    singular = isSingular(fit, tol = 1e-4),
    converged = opt$conv$opt == 0 && (is.null(codes) || all(codes == 0)),
    convergence = list(
      optimizer = opt$optimizer,
      optimizer_code = opt$conv$opt,
      optimizer_message = opt$message,
      lme4_codes = arr(as.integer(codes %||% integer())),
      lme4_messages = arr(as.character(opt$conv$lme4$messages %||% character())),
      warnings = arr(as.character(unlist(opt$warnings) %||% character())),
      gradient = arr(opt$derivs$gradient %||% numeric())),
    evaluations = as.integer(opt$feval),
    messages = arr(f$messages),
    warnings = arr(f$warnings),
    scaled_residual_quantiles = arr(unname(srq)),
    blups_groups = arr(case$blup_groups %||% names(ranef(fit))),
    blups = blup_rows(fit, case$blup_groups),
    fitted = if (keep_obs) arr(unname(fitted(fit))) else NULL,
    residuals = if (keep_obs) arr(unname(residuals(fit))) else NULL
  )
  path <- file.path(out_dir, paste0(case$id, ".json"))
  write_json_file(out, path)
  invisible(list(fit = fit, json = path))
}

`%||%` <- function(a, b) if (is.null(a)) b else a
