# simulate() shape and distribution references. R's random numbers cannot be reproduced, so these
# record what a simulation returns (rows, columns, names, padding) and the per-row mean and
# variance over many simulated responses, next to the exact moments they estimate.
# Writes simulate.json (shape in README.md).
invisible(Sys.setlocale("LC_COLLATE", "C"))
if (!exists("capture")) source("inference_helpers.R")

nsim <- 2000L
d <- read_case_data(list(dataset = "sleepstudy", factors = "Subject"))
m <- lme4::lmer(Reaction ~ Days + (Days | Subject), data = d, REML = TRUE)
X <- getME(m, "X"); Z <- getME(m, "Z"); Lambda <- getME(m, "Lambda")
s2 <- sigma(m)^2
ZL <- as.matrix(Z %*% Lambda)
exact_mean_uncond <- drop(X %*% fixef(m))
exact_var_uncond <- s2 * (rowSums(ZL^2) + 1)
# covariance of two rows of the same subject (rows 1 and 2: Subject 308, Days 0 and 1)
exact_cov_12 <- s2 * sum(ZL[1, ] * ZL[2, ])

su <- simulate(m, nsim = nsim, seed = 20241410)
sc <- simulate(m, nsim = nsim, seed = 20241411, use.u = TRUE)
U <- as.matrix(su); C <- as.matrix(sc)
row_var <- function(M) apply(M, 1, var)

# the same model with missing values and na.exclude: simulate pads to the data rows
dm <- read_case_data(list(file = "sim_missing.csv", factors = c("g", "f")))
mm <- lme4::lmer(y ~ x + f + (1 + x | g), data = dm, REML = TRUE, na.action = na.exclude)
sm <- simulate(mm, nsim = 3, seed = 1)
mo <- lme4::lmer(y ~ x + f + (1 + x | g), data = dm, REML = TRUE)
so <- simulate(mo, nsim = 3, seed = 1)

out <- list(
  model = list(formula = "Reaction ~ Days + (Days | Subject)", reml = TRUE, dataset = "sleepstudy",
               factors = arr("Subject")),
  nsim = nsim,
  shape = list(class = arr(class(su)), nrow = nrow(su), ncol = ncol(su),
               first_names = arr(head(names(su), 3)), last_name = tail(names(su), 1),
               row_names_first = arr(head(rownames(su), 3)),
               has_seed_attribute = !is.null(attr(su, "seed"))),
  unconditional = list(
    description = "simulate(m, nsim, seed = 20241410): new random effects and residuals (use.u = FALSE, lme4's default)",
    seed = 20241410,
    exact_mean = arr(unname(exact_mean_uncond)),
    exact_variance = arr(unname(exact_var_uncond)),
    exact_covariance_rows_1_2 = exact_cov_12,
    sim_mean = arr(unname(rowMeans(U))),
    sim_variance = arr(unname(row_var(U))),
    sim_covariance_rows_1_2 = cov(U[1, ], U[2, ]),
    overall_mean = mean(U)),
  conditional = list(
    description = "simulate(m, nsim, seed = 20241411, use.u = TRUE): residuals only, around the conditional fitted values",
    seed = 20241411,
    exact_mean = arr(unname(fitted(m))),
    exact_variance = s2,
    sim_mean = arr(unname(rowMeans(C))),
    sim_variance = arr(unname(row_var(C)))),
  na_exclude = list(
    description = "sim_missing.csv, y ~ x + f + (1 + x | g): with na.action = na.exclude simulate() pads to the data rows with NA; with the default na.omit it returns only the rows used",
    data_rows = nrow(dm), nobs = nobs(mm),
    na_exclude_nrow = nrow(sm), na_exclude_missing_rows = arr(as.integer(which(is.na(sm[[1]])))),
    na_omit_nrow = nrow(so))
)
write_json_file(out, "simulate.json")
