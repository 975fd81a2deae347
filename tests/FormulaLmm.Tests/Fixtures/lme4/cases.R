# The reference cases. Each entry becomes <id>.json.
# dataset: a shared data set (/work/shared/data/<dataset>.csv); file: a CSV in this folder.
# factors: columns made factors before fitting; ordered: columns made ordered factors with the
# given level order (R's built-in cake has temperature as an ordered factor).

cake_temps <- c("175", "185", "195", "205", "215", "225")

case <- function(id, formula, reml, description, dataset = NULL, file = NULL, factors = character(),
                 ordered = NULL, blup_groups = NULL, store_fitted = TRUE) {
  list(id = id, formula = formula, reml = reml, description = description, dataset = dataset,
       file = file, factors = factors, ordered = ordered, blup_groups = blup_groups,
       store_fitted = store_fitted)
}

both <- function(id, formula, description, ...) {
  list(case(paste0(id, "_reml"), formula, TRUE, description, ...),
       case(paste0(id, "_ml"), formula, FALSE, description, ...))
}

reml_only <- function(id, formula, description, ...) {
  list(case(paste0(id, "_reml"), formula, TRUE, description, ...))
}

all_cases <- function() {
  c(
    both("sleepstudy_slope", "Reaction ~ Days + (Days | Subject)",
         "Correlated random intercept and slope.", dataset = "sleepstudy", factors = "Subject"),
    reml_only("sleepstudy_intercept", "Reaction ~ Days + (1 | Subject)",
              "Random intercept only.", dataset = "sleepstudy", factors = "Subject"),
    reml_only("sleepstudy_uncorr", "Reaction ~ Days + (Days || Subject)",
              "Uncorrelated intercept and slope: two terms, VarCorr groups Subject and Subject.1.",
              dataset = "sleepstudy", factors = "Subject"),
    both("dyestuff", "Yield ~ 1 + (1 | Batch)", "One random intercept.",
         dataset = "Dyestuff", factors = "Batch"),
    both("dyestuff2", "Yield ~ 1 + (1 | Batch)",
         "Batch variance estimated as zero (singular fit).", dataset = "Dyestuff2", factors = "Batch"),
    both("penicillin", "diameter ~ 1 + (1 | plate) + (1 | sample)", "Fully crossed random intercepts.",
         dataset = "Penicillin", factors = c("plate", "sample")),
    both("pastes_nested", "strength ~ 1 + (1 | batch/cask)",
         "Nested: terms cask:batch and batch.", dataset = "Pastes", factors = c("batch", "cask", "sample")),
    both("pastes_sample", "strength ~ 1 + (1 | batch) + (1 | sample)",
         "Nested written with the explicit sample column.", dataset = "Pastes",
         factors = c("batch", "cask", "sample")),
    reml_only("machines_slope", "score ~ Machine + (Machine | Worker)",
              "Factor-valued random slope: 3x3 covariance per worker.", dataset = "Machines",
              factors = c("Worker", "Machine")),
    reml_only("machines_cellmeans", "score ~ Machine + (0 + Machine | Worker)",
              "Factor-valued random effect without intercept (indicator columns).",
              dataset = "Machines", factors = c("Worker", "Machine")),
    reml_only("machines_interaction", "score ~ Machine + (1 | Worker) + (1 | Worker:Machine)",
              "Random interaction: groups Worker:Machine and Worker.", dataset = "Machines",
              factors = c("Worker", "Machine")),
    reml_only("orthodont_uncorr", "distance ~ age + Sex + (age || Subject)",
              "Uncorrelated intercept and slope.", dataset = "Orthodont", factors = c("Subject", "Sex")),
    both("orthodont_interaction", "distance ~ age * Sex + (age | Subject)",
         "Correlated slope with a fixed age:Sex interaction (reference level Female).",
         dataset = "Orthodont", factors = c("Subject", "Sex")),
    reml_only("cake_ordered", "angle ~ recipe * temperature + (1 | recipe:replicate)",
              "As in R: temperature is an ordered factor (polynomial contrasts .L .Q .C ^4 ^5).",
              dataset = "cake", factors = c("replicate", "recipe"), ordered = list(temperature = cake_temps)),
    reml_only("cake_unordered", "angle ~ recipe * temperature + (1 | recipe:replicate)",
              "temperature as an unordered factor (treatment contrasts).",
              dataset = "cake", factors = c("replicate", "recipe", "temperature")),
    reml_only("cake_numeric", "angle ~ recipe + temp + (1 | recipe:replicate)",
              "Numeric temperature column temp.", dataset = "cake", factors = c("replicate", "recipe")),
    list(case("insteval_ml", "y ~ 1 + service + (1 | s) + (1 | d) + (1 | dept)", FALSE,
              "Large crossed design (73421 rows); BLUPs stored for dept only, no fitted values.",
              dataset = "InstEval", factors = c("s", "d", "dept", "service"),
              blup_groups = "dept", store_fitted = FALSE)),
    both("sim_unbalanced", "y ~ x + (1 + x | g)",
         "Simulated: 40 clusters of sizes 1..30.", file = "sim_unbalanced.csv", factors = "g"),
    both("sim_missing", "y ~ x + f + (1 + x | g)",
         paste("Simulated: NA in y, x and g (rows dropped); NA in the unused column z (rows kept);",
               "group m07 and level f = d vanish after NA removal."),
         file = "sim_missing.csv", factors = c("g", "f")),
    both("sim_nested", "y ~ trt + (1 | center/patient)",
         "Simulated 3-level nesting; patient labels repeat across centers.",
         file = "sim_nested.csv", factors = c("center", "patient", "trt")),
    both("sim_crossed", "y ~ f * x + (1 | a) + (1 | b)",
         "Simulated crossed intercepts with a 4-level factor interacting with x.",
         file = "sim_crossed.csv", factors = c("a", "b", "f")),
    both("sim_singular", "y ~ x + (1 + x | g)",
         "Simulated tiny slope variance: singular (correlation -1), intercept variance positive.",
         file = "sim_singular.csv", factors = "g"),
    both("sim_rankdef", "y ~ x + x2 + (1 + x | g)",
         "Rank-deficient X: x2 = 2 * x is dropped by lme4.", file = "sim_unbalanced.csv", factors = "g")
  )
}
