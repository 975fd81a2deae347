# Parametric bootstrap reference: lme4's bootMer on sleepstudy Reaction ~ Days + (Days | Subject)
# (REML), nsim = 2000, the statistic lme4's confint(method = "boot") uses (sd/cor/sigma on the
# scale of confint(oldNames = FALSE), then the fixed effects). Writes bootstrap.json.
# Our replicates cannot equal R's (different random numbers); compare percentile limits within
# Monte-Carlo error (mc_se below).
invisible(Sys.setlocale("LC_COLLATE", "C"))
if (!exists("capture")) source("inference_helpers.R")

nsim <- 2000L
seed <- 20241412
d <- read_case_data(list(dataset = "sleepstudy", factors = "Subject"))
m <- lme4::lmer(Reaction ~ Days + (Days | Subject), data = d, REML = TRUE)
vn <- lme4:::profnames(m, signames = FALSE)
stat <- function(x) {
  ss <- lme4:::Cv_to_Sv(x@theta, n = lengths(x@cnms), s = sigma(x))
  c(setNames(ss, vn), fixef(x))
}
t0 <- proc.time()[["elapsed"]]
bb <- capture(bootMer(m, stat, nsim = nsim, seed = seed))
elapsed <- proc.time()[["elapsed"]] - t0
b <- bb$value
tt <- b$t
perc <- confint(b, level = 0.95, type = "perc")
perc90 <- confint(b, level = 0.90, type = "perc")
# Monte-Carlo standard error of a percentile limit (order-statistic / binomial argument):
# the quantile at p has sd ~ (q(p + h) - q(p - h)) / (2 z) with h = z sqrt(p (1 - p) / R), z = 1
mc_se <- function(x, p) {
  x <- x[is.finite(x)]; R <- length(x); h <- sqrt(p * (1 - p) / R)
  unname(diff(quantile(x, c(p - h, p + h), type = 7))) / 2
}
# the names confint(method = "boot") gives (a short run only for the names and column labels)
cb <- capture(confint(m, method = "boot", nsim = 20, seed = 1, oldNames = FALSE))
singular <- apply(tt[, grep("^sd_", colnames(tt)), drop = FALSE], 1, function(r) any(r < 1e-4 * max(r, 1e-300)))

out <- list(
  model = list(formula = "Reaction ~ Days + (Days | Subject)", reml = TRUE, dataset = "sleepstudy",
               factors = arr("Subject")),
  nsim = nsim, seed = seed,
  method = "bootMer(m, FUN, nsim, seed): parametric, use.u = FALSE (new random effects each replicate), refit by REML starting from the fitted theta",
  elapsed_seconds = elapsed,
  failures = attr(b, "bootFail"),
  warnings = arr(bb$warnings),
  parameters = arr(names(b$t0)),
  estimate = arr(unname(b$t0)),
  replicate_mean = arr(unname(colMeans(tt, na.rm = TRUE))),
  replicate_sd = arr(unname(apply(tt, 2, sd, na.rm = TRUE))),
  percentile_95 = ci_rows(perc),
  percentile_90 = ci_rows(perc90),
  percentile_rule = "boot::boot.ci type 'perc' (boot:::norm.inter): order statistic (R+1)*alpha, interpolated on the normal-quantile scale when not an integer",
  quantile7_95 = lapply(seq_len(ncol(tt)), function(j)
    record(parameter = colnames(tt)[j], lower = unname(quantile(tt[, j], 0.025, na.rm = TRUE, type = 7)),
           upper = unname(quantile(tt[, j], 0.975, na.rm = TRUE, type = 7)))),
  mc_se_95 = lapply(seq_len(ncol(tt)), function(j)
    record(parameter = colnames(tt)[j], lower = mc_se(tt[, j], 0.025), upper = mc_se(tt[, j], 0.975))),
  replicates_with_sd_near_zero = sum(singular),
  confint_boot_names = list(rows = arr(rownames(cb$value)), columns = arr(colnames(cb$value)),
                            messages = arr(cb$messages))
)
write_json_file(out, "bootstrap.json")
