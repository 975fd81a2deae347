# Likelihood-ratio fixtures: lme4's anova(m0, m1, ...) for pairs (and one triple) of models.
# Writes compare_<id>.json (shape in README.md). Run alone: Rscript compare.R (after run_all.R
# has written the simulated CSVs).
invisible(Sys.setlocale("LC_COLLATE", "C"))
if (!exists("capture")) source("inference_helpers.R")
if (!exists("sim_missing")) source("simulate_data.R")

comparisons <- list(
  list(id = "sleepstudy_intercept_vs_slope", dataset = "sleepstudy", factors = "Subject",
       description = "Both REML: lme4 refits both by ML (message) before comparing.",
       models = list(list(formula = "Reaction ~ Days + (1 | Subject)", reml = TRUE),
                     list(formula = "Reaction ~ Days + (Days | Subject)", reml = TRUE))),
  list(id = "sleepstudy_days_ml_reversed", dataset = "sleepstudy", factors = "Subject",
       description = "Both ML, given larger model first: lme4 orders the rows by npar.",
       models = list(list(formula = "Reaction ~ Days + (Days | Subject)", reml = FALSE),
                     list(formula = "Reaction ~ 1 + (Days | Subject)", reml = FALSE))),
  list(id = "sleepstudy_three", dataset = "sleepstudy", factors = "Subject",
       description = "Three REML models: each row is tested against the row above it.",
       models = list(list(formula = "Reaction ~ Days + (1 | Subject)", reml = TRUE),
                     list(formula = "Reaction ~ Days + (Days || Subject)", reml = TRUE),
                     list(formula = "Reaction ~ Days + (Days | Subject)", reml = TRUE))),
  list(id = "sleepstudy_equal_npar", dataset = "sleepstudy", factors = "Subject",
       description = "Non-nested models with equal npar: Df 0, Pr(>Chisq) NA.",
       models = list(list(formula = "Reaction ~ Days + (1 | Subject)", reml = FALSE),
                     list(formula = "Reaction ~ log1p(Days) + (1 | Subject)", reml = FALSE))),
  list(id = "orthodont_interaction", dataset = "Orthodont", factors = c("Subject", "Sex"),
       description = "Fixed-effect interaction test with REML fits (refitted by ML).",
       models = list(list(formula = "distance ~ age + Sex + (age | Subject)", reml = TRUE),
                     list(formula = "distance ~ age * Sex + (age | Subject)", reml = TRUE))),
  list(id = "machines_interaction", dataset = "Machines", factors = c("Worker", "Machine"),
       description = "Random Worker:Machine term added (REML fits refitted by ML).",
       models = list(list(formula = "score ~ Machine + (1 | Worker)", reml = TRUE),
                     list(formula = "score ~ Machine + (1 | Worker) + (1 | Worker:Machine)", reml = TRUE))),
  list(id = "cake_interaction", dataset = "cake", factors = c("replicate", "recipe"),
       ordered = list(temperature = c("175", "185", "195", "205", "215", "225")),
       description = "10 interaction columns (ordered temperature), REML fits refitted by ML.",
       models = list(list(formula = "angle ~ recipe + temperature + (1 | recipe:replicate)", reml = TRUE),
                     list(formula = "angle ~ recipe * temperature + (1 | recipe:replicate)", reml = TRUE))),
  list(id = "penicillin_mixed_reml_ml", dataset = "Penicillin", factors = c("plate", "sample"),
       description = "One ML and one REML fit: only the REML fit is refitted.",
       models = list(list(formula = "diameter ~ 1 + (1 | plate)", reml = FALSE),
                     list(formula = "diameter ~ 1 + (1 | plate) + (1 | sample)", reml = TRUE))),
  list(id = "sim_factorial_interaction", file = "sim_factorial.csv", factors = c("subj", "item", "a", "b"),
       description = "Crossed random intercepts; 6-column a:b interaction; ML fits.",
       models = list(list(formula = "y ~ a + b + x + (1 | subj) + (1 | item)", reml = FALSE),
                     list(formula = "y ~ a * b + x + (1 | subj) + (1 | item)", reml = FALSE))),
  list(id = "sim_missing_different_rows", file = "sim_missing.csv", factors = c("g", "f"),
       description = "z has missing values only the second model uses: lme4 refuses.",
       models = list(list(formula = "y ~ x + (1 | g)", reml = FALSE),
                     list(formula = "y ~ x + z + (1 | g)", reml = FALSE)))
)

run_comparison <- function(cmp) {
  d <- read_case_data(list(dataset = cmp$dataset, file = cmp$file, factors = cmp$factors,
                           ordered = cmp$ordered))
  fits <- lapply(cmp$models, function(mm)
    lme4::lmer(as.formula(mm$formula, env = globalenv()), data = d, REML = mm$reml))
  names(fits) <- paste0("m", seq_along(fits))
  direct_ml <- lapply(cmp$models, function(mm) {
    f <- lme4::lmer(as.formula(mm$formula, env = globalenv()), data = d, REML = FALSE)
    list(deviance = deviance(f), loglik = as.numeric(logLik(f)))
  })
  a <- capture(do.call(anova, c(unname(fits), list(model.names = names(fits)))))
  inputs <- lapply(seq_along(cmp$models), function(i)
    record(name = names(fits)[i], formula = cmp$models[[i]]$formula, reml = cmp$models[[i]]$reml,
           nobs = nobs(fits[[i]]), direct_ml_deviance = direct_ml[[i]]$deviance,
           direct_ml_loglik = direct_ml[[i]]$loglik))
  out <- list(comparison = cmp$id, description = cmp$description,
              dataset = cmp$dataset, data_file = cmp$file, factors = arr(cmp$factors),
              ordered_factors = if (is.null(cmp$ordered)) setNames(list(), character()) else lapply(cmp$ordered, arr),
              inputs = inputs, messages = arr(a$messages), warnings = arr(a$warnings))
  if (a$failed) {
    out$error <- a$value$error
  } else {
    tab <- a$value
    out$models <- lapply(seq_len(nrow(tab)), function(i) {
      k <- match(rownames(tab)[i], names(fits))
      record(name = rownames(tab)[i], formula = cmp$models[[k]]$formula,
             npar = as.integer(tab$npar[i]), aic = tab$AIC[i], bic = tab$BIC[i],
             loglik = tab$logLik[i], deviance = tab$deviance[i],
             chisq = tab$Chisq[i], df = tab$Df[i], p = tab[["Pr(>Chisq)"]][i])
    })
  }
  write_json_file(out, paste0("compare_", cmp$id, ".json"))
}

for (cmp in comparisons) run_comparison(cmp)
