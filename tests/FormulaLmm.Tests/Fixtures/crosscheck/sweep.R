# A random sweep for finding disagreements with lme4 (not part of the committed fixtures):
# N random data sets (model type, cluster sizes, variances, missing values and label styles drawn
# at random), each fitted with lme4 REML and ML and written in the fixtures' schema to OUT.
#
#   cd tests/FormulaLmm.Tests/Fixtures/crosscheck
#   SWEEP_OUT=/tmp/sweep SWEEP_N=100 SWEEP_SEED=1 Rscript sweep.R
#   CROSSCHECK_DIR=/tmp/sweep dotnet test --filter "FullyQualifiedName~CrossCheckTests.FitAgrees"
invisible(Sys.setlocale("LC_COLLATE", ""))
source("../lme4/fixture_helpers.R")

read_case_data <- function(case) read.csv(case$file)

out <- Sys.getenv("SWEEP_OUT", "/tmp/sweep")
N <- as.integer(Sys.getenv("SWEEP_N", "100"))
seed0 <- as.integer(Sys.getenv("SWEEP_SEED", "1"))
dir.create(out, showWarnings = FALSE, recursive = TRUE)

labels <- function(n, style) {
  switch(style,
         int = sample(1:(3 * n), n),
         pad = sprintf("G%02d", 1:n),
         plain = paste0("g", 1:n),
         mixed = paste0(sample(c("a", "B", "c", "D", "e"), n, replace = TRUE), 1:n))
}

sizes_of <- function(ng, kind) {
  switch(kind,
         balanced = rep(sample(3:10, 1), ng),
         unbalanced = sample(1:20, ng, replace = TRUE),
         singletons = c(rep(1L, ng %/% 4), sample(2:12, ng - ng %/% 4, replace = TRUE)))
}

one <- function(i) {
  set.seed(seed0 * 100000 + i)
  type <- sample(c("ri", "slope", "slope_uncentered", "nested2", "nested3", "crossed", "crossed_slope",
                   "factor_slope", "uncorr", "fixed_factor"), 1)
  ng <- sample(5:40, 1)
  style <- sample(c("int", "pad", "plain", "mixed"), 1)
  labs <- labels(ng, style)
  sz <- sizes_of(ng, sample(c("balanced", "unbalanced", "singletons"), 1))
  g <- rep(labs, times = sz); gi <- rep(1:ng, times = sz); n <- length(g)
  sd0 <- sample(c(0, 0.05, 0.3, 1, 3), 1); sd1 <- sample(c(0, 0.02, 0.2, 1), 1)
  rho <- runif(1, -0.9, 0.9)
  x <- if (type == "slope_uncentered") runif(n, 10, 30) else rnorm(n)
  z1 <- rnorm(ng); z2 <- rnorm(ng)
  b0 <- sd0 * z1; b1 <- sd1 * (rho * z1 + sqrt(1 - rho^2) * z2)
  f <- sample(c("ctl", "Trt", "alt"), n, replace = TRUE)
  h <- sample(paste0("h", 1:sample(4:15, 1)), n, replace = TRUE)
  hi <- match(h, sort(unique(h)))
  sub <- sample(1:4, n, replace = TRUE)
  y <- 1 + 0.5 * x + (f == "Trt") + b0[gi] + b1[gi] * x + rnorm(n)
  if (type %in% c("crossed", "crossed_slope")) y <- y + rnorm(max(hi), 0, sample(c(0, 0.5, 2), 1))[hi]
  if (type %in% c("nested2", "nested3")) y <- y + rnorm(4 * ng, 0, sample(c(0, 0.3, 1), 1))[(gi - 1) * 4 + sub]
  d <- data.frame(g, x, f, h, sub, y)
  if (type == "nested3") d$leaf <- sample(1:3, n, replace = TRUE)
  if (runif(1) < 0.4) {
    d$y[sample(n, max(1, n %/% 20))] <- NA
    d$x[sample(n, max(1, n %/% 30))] <- NA
  }
  form <- switch(type,
                 ri = "y ~ x + (1 | g)",
                 slope = "y ~ x + (x | g)",
                 slope_uncentered = "y ~ x + (x | g)",
                 nested2 = "y ~ x + (1 | g/sub)",
                 nested3 = "y ~ x + (1 | g/sub/leaf)",
                 crossed = "y ~ x + f + (1 | g) + (1 | h)",
                 crossed_slope = "y ~ x + (x | g) + (1 | h)",
                 factor_slope = "y ~ f + (0 + f | g)",
                 uncorr = "y ~ x + (x || g)",
                 fixed_factor = "y ~ x * f + (1 | g)")
  name <- sprintf("sweep%03d_%s", i, type)
  file <- file.path(out, paste0(name, ".csv"))
  write.csv(d, file, row.names = FALSE)
  res <- list()
  for (reml in c(TRUE, FALSE)) {
    cs <- list(id = paste0(name, if (reml) "_reml" else "_ml"), formula = form, reml = reml, description = type,
               dataset = NULL, file = file, factors = character(), ordered = NULL, blup_groups = NULL,
               store_fitted = FALSE)
    ok <- tryCatch({ fit_case(cs, out); TRUE }, error = function(e) { message(cs$id, ": ", conditionMessage(e)); FALSE })
    if (ok) res[[length(res) + 1]] <- record(case = cs$id, file = paste0(cs$id, ".json"), formula = form,
                                             method = if (reml) "REML" else "ML", data_file = basename(file),
                                             cli_factors = arr(character()))
  }
  res
}

index <- do.call(c, lapply(seq_len(N), one))
write_json_file(index, file.path(out, "index.json"))
cat(length(index), "fits in", out, "\n")
