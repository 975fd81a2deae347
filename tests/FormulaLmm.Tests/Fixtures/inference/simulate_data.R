# Simulated data sets for the inference fixtures (issue 14). One set.seed per data set, so
# changing one never changes another. Values are rounded to 4 decimals and every fit reads the
# CSV back, so the fixture numbers belong to exactly the bytes in these files.
# Missing values are empty fields (the convention of /work/shared/data).

write_sim <- function(d, file) {
  write.csv(d, file, row.names = FALSE, na = "")
  invisible(file)
}

lvl <- function(prefix, n) sprintf("%s%02d", prefix, seq_len(n))

# Unbalanced random intercepts and slopes, y ~ x + (x | g): 30 groups of 2..25 rows, slope SD
# large enough that the correlation is estimated away from the boundary.
sim_slope <- function() {
  set.seed(20241401)
  ng <- 30
  sizes <- sample(2:25, ng, replace = TRUE)
  levs <- lvl("g", ng)
  g <- rep(levs, times = sizes)
  gi <- match(g, levs)
  n <- length(g)
  b0 <- rnorm(ng, 0, 2.5)
  b1 <- 0.3 * b0 / 2.5 + rnorm(ng, 0, 0.6)
  x <- round(runif(n, 0, 6), 4)
  y <- 20 + 1.2 * x + b0[gi] + b1[gi] * x + rnorm(n, 0, 1.5)
  data.frame(g = g, x = x, y = round(y, 4), stringsAsFactors = FALSE)
}

# Missing values and a 3-level factor: y ~ x + f + (1 + x | g).
# NA in y (6 rows), in x (5), in g (3); z is a covariate with 7 NAs of its own, used only by the
# second model of the likelihood-ratio pair that lme4 refuses (different rows).
sim_missing <- function() {
  set.seed(20241402)
  ng <- 25
  sizes <- sample(5:12, ng, replace = TRUE)
  levs <- lvl("m", ng)
  g <- rep(levs, times = sizes)
  gi <- match(g, levs)
  n <- length(g)
  b0 <- rnorm(ng, 0, 2)
  b1 <- rnorm(ng, 0, 0.4)
  x <- round(rnorm(n, 4, 1.5), 4)
  z <- round(rnorm(n), 4)
  f <- sample(c("lo", "mid", "hi"), n, replace = TRUE, prob = c(0.5, 0.3, 0.2))
  feff <- c(lo = 0, mid = 1.2, hi = -0.8)
  y <- 5 + 0.7 * x + feff[f] + 0.4 * z + b0[gi] + b1[gi] * (x - 4) + rnorm(n, 0, 1.2)
  y <- round(unname(y), 4)
  na_y <- sample(n, 6); y[na_y] <- NA
  rest <- setdiff(seq_len(n), na_y)
  na_x <- sample(rest, 5); x[na_x] <- NA
  rest <- setdiff(rest, na_x)
  na_g <- sample(rest, 3); g[na_g] <- NA
  rest <- setdiff(rest, na_g)
  z[sample(rest, 7)] <- NA
  data.frame(g = g, f = f, x = x, z = z, y = y, stringsAsFactors = FALSE)
}

# Unbalanced two-way factorial with a covariate and crossed subjects and items:
# y ~ a * b + x + (1 | subj) + (1 | item). a has 3 levels, b 4 levels (cell sizes vary, one cell
# is small), so the type III tests of a, b and a:b use multi-row contrasts.
sim_factorial <- function() {
  set.seed(20241403)
  nsubj <- 24; nitem <- 12
  subj <- lvl("s", nsubj); item <- lvl("i", nitem)
  grid <- expand.grid(subj = subj, item = item, stringsAsFactors = FALSE)
  grid <- grid[runif(nrow(grid)) < 0.55, ]               # about half the pairs observed
  n <- nrow(grid)
  a <- sample(c("a1", "a2", "a3"), n, replace = TRUE, prob = c(0.45, 0.35, 0.2))
  b <- sample(c("ctl", "t1", "t2", "t3"), n, replace = TRUE, prob = c(0.3, 0.3, 0.25, 0.15))
  x <- round(rnorm(n, 0, 1), 4)
  ae <- c(a1 = 0, a2 = 0.8, a3 = 1.5)
  be <- c(ctl = 0, t1 = 0.5, t2 = -0.4, t3 = 1)
  ab <- outer(ae, be, function(u, v) 0.3 * u * v)
  se <- setNames(rnorm(nsubj, 0, 1), subj)
  ie <- setNames(rnorm(nitem, 0, 0.6), item)
  y <- 10 + ae[a] + be[b] + ab[cbind(a, b)] + 0.5 * x + se[grid$subj] + ie[grid$item] +
    rnorm(n, 0, 1)
  data.frame(subj = grid$subj, item = grid$item, a = a, b = b, x = x,
             y = round(unname(y), 4), stringsAsFactors = FALSE)
}

# Crossed and nested together: y ~ trt * x + (1 | site/plot) + (1 | rater).
# 8 sites with 3-6 plots each (plot labels repeat across sites), 5 raters crossed with plots,
# trt (3 levels) varies between plots, x within plots.
sim_crossnest <- function() {
  set.seed(20241404)
  sites <- lvl("site", 8)
  raters <- lvl("r", 5)
  se <- rnorm(length(sites), 0, 1.5)
  re <- setNames(rnorm(length(raters), 0, 0.8), raters)
  teff <- c(A = 0, B = 1, C = 2.5)
  tslope <- c(A = 0.5, B = 0.2, C = 0.8)
  rows <- list()
  for (si in seq_along(sites)) {
    np <- sample(3:6, 1)
    for (p in seq_len(np)) {
      trt <- sample(names(teff), 1)
      pe <- rnorm(1, 0, 1)
      nobs <- sample(4:9, 1)
      r <- sample(raters, nobs, replace = TRUE)
      x <- round(runif(nobs, 0, 4), 4)
      y <- 30 + teff[[trt]] + tslope[[trt]] * x + se[si] + pe + re[r] + rnorm(nobs, 0, 1)
      rows[[length(rows) + 1]] <- data.frame(site = sites[si], plot = paste0("p", p), rater = r,
                                             trt = trt, x = x, y = round(unname(y), 4),
                                             stringsAsFactors = FALSE)
    }
  }
  do.call(rbind, rows)
}

# Stateful transforms: y ~ poly(x, 2) + scale(z) + f + (1 | g). Prediction on new data must use
# the training data's poly() coefficients and scale() centre and scale.
sim_transforms <- function() {
  set.seed(20241405)
  ng <- 20
  g <- rep(lvl("t", ng), times = sample(4:10, ng, replace = TRUE))
  gi <- match(g, lvl("t", ng))
  n <- length(g)
  x <- round(runif(n, 1, 9), 4)
  z <- round(rnorm(n, 50, 10), 4)
  f <- sample(c("u", "v", "w"), n, replace = TRUE)
  fe <- c(u = 0, v = 0.7, w = -0.5)
  b <- rnorm(ng, 0, 1.2)
  y <- 3 + 0.9 * x - 0.08 * x^2 + 0.03 * z + fe[f] + b[gi] + rnorm(n, 0, 0.8)
  data.frame(g = g, f = f, x = x, z = z, y = round(unname(y), 4), stringsAsFactors = FALSE)
}

write_simulated_data <- function(dir = ".") {
  write_sim(sim_slope(), file.path(dir, "sim_slope.csv"))
  write_sim(sim_missing(), file.path(dir, "sim_missing.csv"))
  write_sim(sim_factorial(), file.path(dir, "sim_factorial.csv"))
  write_sim(sim_crossnest(), file.path(dir, "sim_crossnest.csv"))
  write_sim(sim_transforms(), file.path(dir, "sim_transforms.csv"))
}
