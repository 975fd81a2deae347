# The list of covariance-structure cases. Each case is fitted twice (REML and ML); the file
# names are <id>_reml.json and <id>_ml.json.

# glmmTMB 1.1.5's number of theta entries per structure (k columns)
tmb_ntheta <- function(structure, k) switch(structure,
  us = k + k * (k - 1) / 2, diag = k, cs = k + 1, ar1 = 2, toep = 2 * k - 1)

# A random-effects term. `structure` is FormulaLmm's name (us, diag, homdiag, cs, homcs, ar1,
# toep); glmmTMB 1.1.5 has no homdiag/homcs, so those are fitted as diag/cs with glmmTMB's `map`
# tying the log-SDs together (documented glmmTMB usage). `plain` terms are written (1 | g).
re_term <- function(structure, cols, group, k, nlme_level = NULL, plain = FALSE) {
  list(structure = structure, lik = structure,
       tmb = switch(structure, homcs = "cs", homdiag = "diag", structure),
       cols = cols, group = group, factors = strsplit(group, ":", fixed = TRUE)[[1]], k = k,
       nlme_level = nlme_level, plain = plain)
}

term_text <- function(t, name) {
  if (t$plain) sprintf("(%s | %s)", t$cols, t$group) else sprintf("%s(%s | %s)", name, t$cols, t$group)
}

vars_of <- function(...) unique(unlist(lapply(c(...), function(s) all.vars(as.formula(paste("~", s))))))

tmb_case <- function(id, description, data, factors, response, fixed_rhs, terms, cluster = NULL,
                     lme4 = NULL, lme4_note = NULL, formulalmm_note = NULL) {
  tmb_terms <- vapply(terms, function(t) term_text(t, t$tmb), "")
  our_terms <- vapply(terms, function(t) term_text(t, t$structure), "")
  formula <- paste(response, "~", fixed_rhs, "+", paste(tmb_terms, collapse = " + "))
  # theta layout and map
  pos <- 0; next_id <- 0; map <- integer(); idx <- list(); any_hom <- FALSE
  for (t in terms) {
    n <- tmb_ntheta(t$tmb, t$k); idx[[length(idx) + 1]] <- pos + seq_len(n); pos <- pos + n
    if (t$structure == "homdiag") { map <- c(map, rep(next_id + 1, t$k)); next_id <- next_id + 1; any_hom <- TRUE }
    else if (t$structure == "homcs") { map <- c(map, rep(next_id + 1, t$k), next_id + 2); next_id <- next_id + 2; any_hom <- TRUE }
    else { map <- c(map, next_id + seq_len(n)); next_id <- next_id + n }
  }
  map_arg <- if (any_hom) list(theta = factor(map)) else NULL
  r_call <- sprintf("glmmTMB(%s, data = dd, REML = <TRUE for REML, FALSE for ML>%s)", formula,
                    if (any_hom) sprintf(", map = list(theta = factor(c(%s)))", paste(map, collapse = ", ")) else "")
  c(data, list(id = id, description = description, engine = "glmmTMB", factors = factors,
       response = response, fixed_rhs = fixed_rhs, terms = terms, cluster = cluster,
       formula = formula, map = map_arg, theta_index = idx, r_call = r_call,
       formulalmm = paste(response, "~", fixed_rhs, "+", paste(our_terms, collapse = " + ")),
       formulalmm_note = formulalmm_note,
       lme4 = lme4, lme4_note = lme4_note,
       vars = vars_of(response, fixed_rhs, vapply(terms, function(t) t$cols, ""), vapply(terms, function(t) t$group, ""))))
}

# nlme case. cor: list(type = ar1|car1|cs, time, group, r = nlme call); het: factor name.
nlme_case <- function(id, description, data, factors, response, fixed_rhs, random = NULL, terms = list(),
                      cor = NULL, het = NULL, residual, cluster, lme4 = NULL, lme4_note = NULL,
                      control = NULL, formulalmm_note = NULL) {
  gls <- is.null(random)
  args <- c(sprintf("%s ~ %s", response, fixed_rhs),
            if (!gls) sprintf("random = %s", random),
            if (!is.null(cor)) sprintf("correlation = %s", cor$r),
            if (!is.null(het)) sprintf("weights = varIdent(form = ~ 1 | %s)", het),
            "data = dd", "method = 'METHOD'", "na.action = na.omit",
            if (!is.null(control)) sprintf("control = %s", control))
  call <- sprintf("%s(%s)", if (gls) "gls" else "lme", paste(args, collapse = ", "))
  our_terms <- vapply(terms, function(t) sprintf("(%s | %s)", t$cols, t$group), "")
  c(data, list(id = id, description = description, engine = if (gls) "nlme::gls" else "nlme::lme",
       factors = factors, response = response, fixed_rhs = fixed_rhs, terms = terms, cor = cor, het = het,
       cluster = cluster, call = call, r_call = call,
       formulalmm = paste(c(paste(response, "~", fixed_rhs), our_terms), collapse = " + "),
       residual = residual, formulalmm_note = formulalmm_note,
       lme4 = lme4, lme4_note = lme4_note,
       vars = vars_of(response, fixed_rhs, vapply(terms, function(t) t$cols, ""), vapply(terms, function(t) t$group, ""),
                      cor$time, cor$group, het)))
}

all_cases <- function() {
  sessions <- list(file = "sessions.csv")
  trial <- list(file = "rm_trial.csv")
  growth <- list(file = "growth.csv")
  sleep <- list(dataset = "sleepstudy")
  ortho <- list(dataset = "Orthodont")
  sf <- c("subj", "session", "arm", "rater")
  tf <- c("id", "clinic", "site", "arm", "visit")
  fx <- "x + arm + session"
  tx <- "arm * visit + base"
  S5 <- function(st) re_term(st, "0 + session", "subj", 5)
  rater <- re_term("us", "1", "rater", 1, plain = TRUE)
  list(
    # ---- glmmTMB: random-effect structures D(theta) --------------------------------------
    tmb_case("tmb_us_slope", "Unstructured 2x2 (intercept, slope in x) per subject; same model as lme4's (1 + x | subj).",
             sessions, sf, "y", fx, list(re_term("us", "1 + x", "subj", 2)), cluster = "subj",
             lme4 = "y ~ x + arm + session + (1 + x | subj)"),
    tmb_case("tmb_diag_slope", "Heterogeneous diagonal (intercept, slope); same model as lme4's (1 + x || subj).",
             sessions, sf, "y", fx, list(re_term("diag", "1 + x", "subj", 2)), cluster = "subj",
             lme4 = "y ~ x + arm + session + (1 + x || subj)"),
    tmb_case("tmb_cs_session", "cs over a 5-level factor: 5 SDs and one common correlation.",
             sessions, sf, "y", fx, list(S5("cs")), cluster = "subj"),
    tmb_case("tmb_homcs_session", "homcs: one SD and one correlation (glmmTMB 1.1.5: cs with map tying the log-SDs).",
             sessions, sf, "y", fx, list(S5("homcs")), cluster = "subj",
             lme4 = "y ~ x + arm + session + (1 | subj) + (1 | subj:session)",
             lme4_note = "the same model when the homcs correlation is >= 0: var(subj) = s^2 rho, var(subj:session) = s^2 (1 - rho)"),
    tmb_case("tmb_diag_session", "Heterogeneous diagonal over a 5-level factor (one SD per session, no correlation).",
             sessions, sf, "y", fx, list(S5("diag")), cluster = "subj"),
    tmb_case("tmb_homdiag_session", "homdiag: one SD for every session (glmmTMB 1.1.5: diag with map); same model as lme4's (1 | subj:session).",
             sessions, sf, "y", fx, list(S5("homdiag")), cluster = "subj",
             lme4 = "y ~ x + arm + session + (1 | subj:session)"),
    tmb_case("tmb_ar1_session", "ar1 over a factor of 5 equally spaced days: one SD, correlation phi^|i-j| in level order.",
             sessions, sf, "y", fx, list(S5("ar1")), cluster = "subj"),
    tmb_case("tmb_toep_session", "Heterogeneous Toeplitz over 5 levels: 5 SDs, one correlation per lag (4).",
             sessions, sf, "y", fx, list(S5("toep")), cluster = "subj"),
    tmb_case("tmb_us_session", "Unstructured 5x5 over a factor; same model as lme4's (0 + session | subj).",
             sessions, sf, "y", fx, list(S5("us")), cluster = "subj",
             lme4 = "y ~ x + arm + session + (0 + session | subj)"),
    tmb_case("tmb_cs_session_rater", "cs per subject plus a crossed random intercept for rater.",
             sessions, sf, "y", fx, list(S5("cs"), rater), cluster = NULL),
    tmb_case("tmb_ar1_session_rater", "ar1 per subject plus a crossed random intercept for rater.",
             sessions, sf, "y", fx, list(S5("ar1"), rater), cluster = NULL),
    tmb_case("tmb_homcs_session_rater", "homcs per subject plus a crossed random intercept for rater (map over both terms).",
             sessions, sf, "y", fx, list(S5("homcs"), rater), cluster = NULL),
    tmb_case("tmb_us_slope_rater", "Unstructured slope term plus a crossed rater intercept; same as lme4.",
             sessions, sf, "y", fx, list(re_term("us", "1 + x", "subj", 2), rater), cluster = NULL,
             lme4 = "y ~ x + arm + session + (1 + x | subj) + (1 | rater)"),
    tmb_case("tmb_ar1_visit_trial", "ar1 over the visit factor with ONE row per subject and visit (AR(1) plus a nugget = the residual); ids with missing visits.",
             trial, tf, "y", tx, list(re_term("ar1", "0 + visit", "id", 5)), cluster = "id"),
    tmb_case("tmb_us_week_clinic_trial", "Unstructured intercept/slope in week per id plus a clinic intercept (ids nested in clinics).",
             trial, tf, "y", tx, list(re_term("us", "1 + week", "id", 2), re_term("us", "1", "clinic", 1, plain = TRUE)),
             cluster = "clinic", lme4 = "y ~ arm * visit + base + (1 + week | id) + (1 | clinic)"),
    tmb_case("tmb_diag_sleep", "sleepstudy with a diagonal intercept/slope term; same as lme4's (Days || Subject).",
             sleep, "Subject", "Reaction", "Days", list(re_term("diag", "1 + Days", "Subject", 2)), cluster = "Subject",
             lme4 = "Reaction ~ Days + (Days || Subject)"),
    tmb_case("tmb_cs_sleep", "sleepstudy with cs(1 + Days | Subject): for 2 columns cs is the unstructured model, so lme4's (Days | Subject) criterion.",
             sleep, "Subject", "Reaction", "Days", list(re_term("cs", "1 + Days", "Subject", 2)), cluster = "Subject",
             lme4 = "Reaction ~ Days + (Days | Subject)"),
    tmb_case("tmb_ar1_orthodont", "Orthodont with ar1 over factor(age) (ages 8, 10, 12, 14: four equally spaced levels).",
             ortho, c("Subject", "Sex"), "distance", "age + Sex", list(re_term("ar1", "0 + factor(age)", "Subject", 4)),
             cluster = "Subject"),

    # ---- nlme: residual structures R(theta) ----------------------------------------------
    nlme_case("lme_ri_trial", "Random intercept only (no residual structure): the check that nlme's REML log-likelihood equals lme4's for a model with 16 fixed effects.",
              trial, tf, "y", tx, "~ 1 | id", list(re_term("us", "1", "id", 1, "id")),
              residual = NULL, cluster = "id", lme4 = "y ~ arm * visit + base + (1 | id)"),
    nlme_case("lme_ri_ar1_trial", "Random intercept + corAR1 on integer time with gaps: nlme switches to corARMA(1, 0) on the time values (phi^|t - t'|).",
              trial, tf, "y", tx, "~ 1 | id", list(re_term("us", "1", "id", 1, "id")),
              cor = list(type = "ar1", time = "time", group = "id", r = "corAR1(form = ~ time | id)"),
              residual = "ar1(time | id)", cluster = "id"),
    nlme_case("lme_ri_car1_trial", "Random intercept + corCAR1 on the actual (non-integer) time in weeks.",
              trial, tf, "y", tx, "~ 1 | id", list(re_term("us", "1", "id", 1, "id")),
              cor = list(type = "car1", time = "tweek", group = "id", r = "corCAR1(form = ~ tweek | id)"),
              residual = "car1(tweek | id)", cluster = "id"),
    nlme_case("lme_clinic_cs_trial", "Clinic random intercept + compound symmetry within id (ids nested in clinics; nlme needs the clinic/id grouping in the correlation formula, ids are unique so cs(1 | id) is the same).",
              trial, tf, "y", tx, "~ 1 | clinic", list(re_term("us", "1", "clinic", 1, "clinic")),
              cor = list(type = "cs", time = NULL, group = "id", r = "corCompSymm(form = ~ 1 | clinic/id)"),
              residual = "cs(1 | id)", cluster = "clinic",
              lme4 = "y ~ arm * visit + base + (1 | clinic) + (1 | id)",
              lme4_note = "the same model when rho >= 0: var(id) = sigma^2 rho, lme4's residual variance = sigma^2 (1 - rho)"),
    nlme_case("lme_ri_het_site_trial", "Random intercept + varIdent by site (3 levels; nlme's reference level is the first met after sorting the rows by id, here tromso).",
              trial, tf, "y", tx, "~ 1 | id", list(re_term("us", "1", "id", 1, "id")),
              het = "site", residual = "het(1 | site)", cluster = "id"),
    nlme_case("lme_ri_ar1_het_arm_trial", "Random intercept + corAR1 (time values) + varIdent by treatment arm.",
              trial, tf, "y", tx, "~ 1 | id", list(re_term("us", "1", "id", 1, "id")),
              cor = list(type = "ar1", time = "time", group = "id", r = "corAR1(form = ~ time | id)"), het = "arm",
              residual = "ar1(time | id) + het(1 | arm)", cluster = "id"),
    nlme_case("lme_ri_ar1_het_site_trial", "Random intercept + corAR1 (time values) + varIdent by site.",
              trial, tf, "y", tx, "~ 1 | id", list(re_term("us", "1", "id", 1, "id")),
              cor = list(type = "ar1", time = "time", group = "id", r = "corAR1(form = ~ time | id)"), het = "site",
              residual = "ar1(time | id) + het(1 | site)", cluster = "id"),
    nlme_case("lme_rs_ar1_growth", "Correlated random intercept and slope + corAR1 on integer age with gaps (corARMA on the values).",
              growth, c("child", "sex"), "y", "age * sex", "~ age | child", list(re_term("us", "1 + age", "child", 2, "child")),
              cor = list(type = "ar1", time = "age", group = "child", r = "corAR1(form = ~ age | child)"),
              residual = "ar1(age | child)", cluster = "child"),
    nlme_case("lme_ri_car1_het_sex_growth", "Random intercept + corCAR1 + varIdent by sex (two levels). The random-intercept SD goes to 0 (boundary; CAR1 with phi 0.92 takes its place): nlme stops at SD 6e-4, the polished optimum has it at ~0; log-likelihoods agree to 2e-10 relative. nlme's reference level for varIdent is m (the first child, k01, is m), the first sorted level is f.",
              growth, c("child", "sex"), "y", "age * sex", "~ 1 | child", list(re_term("us", "1", "child", 1, "child")),
              cor = list(type = "car1", time = "age", group = "child", r = "corCAR1(form = ~ age | child)"), het = "sex",
              residual = "car1(age | child) + het(1 | sex)", cluster = "child"),
    nlme_case("lme_ri_ar1_sleep", "sleepstudy, random intercept + corAR1 on Days 0..9 (consecutive: nlme's own corAR1 path).",
              sleep, "Subject", "Reaction", "Days", "~ 1 | Subject", list(re_term("us", "1", "Subject", 1, "Subject")),
              cor = list(type = "ar1", time = "Days", group = "Subject", r = "corAR1(form = ~ Days | Subject)"),
              residual = "ar1(Days | Subject)", cluster = "Subject"),
    nlme_case("lme_rs_ar1_sleep", "sleepstudy, (Days | Subject) + corAR1: the optimum is on the boundary (intercept-slope correlation 1); nlme's nlminb reports singular convergence, the fit is taken with returnObject = TRUE. Use check.polished.",
              sleep, "Subject", "Reaction", "Days", "~ Days | Subject", list(re_term("us", "1 + Days", "Subject", 2, "Subject")),
              cor = list(type = "ar1", time = "Days", group = "Subject", r = "corAR1(form = ~ Days | Subject)"),
              residual = "ar1(Days | Subject)", cluster = "Subject", control = "lmeControl(returnObject = TRUE)"),
    nlme_case("lme_ri_ar1_orthodont", "Orthodont, random intercept + corAR1 on age 8, 10, 12, 14 (steps of 2: corARMA on the values, correlation phi^|age - age'|). phi = 0 is a stationary point of this likelihood (every lag is even) and nlme stops there; the maximum is at phi^2 = corCAR1's phi^2, with the sign of phi not identified. Use check.polished.",
              ortho, c("Subject", "Sex"), "distance", "age + Sex", "~ 1 | Subject", list(re_term("us", "1", "Subject", 1, "Subject")),
              cor = list(type = "ar1", time = "age", group = "Subject", r = "corAR1(form = ~ age | Subject)"),
              residual = "ar1(age | Subject)", cluster = "Subject"),
    nlme_case("lme_ri_car1_orthodont", "Orthodont, random intercept + corCAR1 on age (the same likelihood as the ar1 case at phi_ar1 = phi_car1).",
              ortho, c("Subject", "Sex"), "distance", "age + Sex", "~ 1 | Subject", list(re_term("us", "1", "Subject", 1, "Subject")),
              cor = list(type = "car1", time = "age", group = "Subject", r = "corCAR1(form = ~ age | Subject)"),
              residual = "car1(age | Subject)", cluster = "Subject"),
    # ---- nlme gls: residual structure without random effects ------------------------------
    nlme_case("gls_ar1_trial", "gls: no random effects, AR(1) on time values within id.",
              trial, tf, "y", tx, cor = list(type = "ar1", time = "time", group = "id", r = "corAR1(form = ~ time | id)"),
              residual = "ar1(time | id)", cluster = "id",
              formulalmm_note = "no random-effects term: FormulaLmm refuses this today (FL0411); recorded for the lead to decide"),
    nlme_case("gls_cs_trial", "gls with compound symmetry within id: the same model as a random intercept for id when rho >= 0 (compare lme_ri_trial).",
              trial, tf, "y", tx, cor = list(type = "cs", time = NULL, group = "id", r = "corCompSymm(form = ~ 1 | id)"),
              residual = "cs(1 | id)", cluster = "id",
              formulalmm_note = "no random-effects term: FormulaLmm refuses this today (FL0411); recorded for the lead to decide"),
    nlme_case("gls_ar1_het_site_trial", "gls with AR(1) on time values within id and varIdent by site.",
              trial, tf, "y", tx, cor = list(type = "ar1", time = "time", group = "id", r = "corAR1(form = ~ time | id)"),
              het = "site", residual = "ar1(time | id) + het(1 | site)", cluster = "id",
              formulalmm_note = "no random-effects term: FormulaLmm refuses this today (FL0411); recorded for the lead to decide"),
    nlme_case("gls_car1_trial", "gls with continuous-time AR(1) on the actual week.",
              trial, tf, "y", tx, cor = list(type = "car1", time = "tweek", group = "id", r = "corCAR1(form = ~ tweek | id)"),
              residual = "car1(tweek | id)", cluster = "id",
              formulalmm_note = "no random-effects term: FormulaLmm refuses this today (FL0411); recorded for the lead to decide")
  )
}
