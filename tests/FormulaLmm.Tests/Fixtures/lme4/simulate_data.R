# Simulated data sets for the lme4 reference fixtures.
# Each set is generated from its own seed so that changing one never changes another.
# Values are rounded to 4 decimals before writing, and every fit reads the CSV back, so the
# fixture numbers belong to exactly the bytes in the CSV files.
# Missing values are written as empty fields (the convention of /work/shared/data).

write_sim <- function(d, file) {
  write.csv(d, file, row.names = FALSE, na = "")
  invisible(file)
}

lvl <- function(prefix, n) sprintf("%s%02d", prefix, seq_len(n))

# (a) Unbalanced clusters: y ~ x + (1 + x | g), cluster sizes 1..30.
# Level labels G1..G40 (not zero padded) so that R's level order (G1, G10, G11, ..., G2, ...)
# differs from creation order. x2 = 2 * x is an exactly collinear copy used by the
# rank-deficient case.
sim_unbalanced <- function() {
  set.seed(20240401)
  ng <- 40
  sizes <- c(1L, 30L, 2L, sample(1:30, ng - 3, replace = TRUE))
  g <- rep(paste0("G", seq_len(ng)), times = sizes)
  n <- length(g)
  gi <- match(g, paste0("G", seq_len(ng)))
  b0 <- rnorm(ng, 0, 3)
  b1 <- rnorm(ng, 0, 0.8)
  # correlate slopes with intercepts a little
  b1 <- b1 + 0.1 * b0
  x <- round(runif(n, -2, 4), 4)
  y <- 10 + 1.5 * x + b0[gi] + b1[gi] * x + rnorm(n, 0, 2)
  data.frame(g = g, x = x, x2 = 2 * x, y = round(y, 4), stringsAsFactors = FALSE)
}

# (b) Missing values: NA in y, in x, in the grouping column g, and in an unused column z
# (rows with NA only in z must be kept). Every row of group m07 has y missing, so that level
# disappears after NA removal; level "d" of f occurs only in rows that are dropped, so lme4's
# model frame drops that level (no fd column in X).
sim_missing <- function() {
  set.seed(20240402)
  ng <- 30
  sizes <- sample(4:10, ng, replace = TRUE)
  levs <- lvl("m", ng)
  g <- rep(levs, times = sizes)
  n <- length(g)
  gi <- match(g, levs)
  b0 <- rnorm(ng, 0, 2)
  b1 <- rnorm(ng, 0, 0.5)
  x <- round(rnorm(n, 5, 2), 4)
  f <- sample(c("a", "b", "c"), n, replace = TRUE)
  feff <- c(a = 0, b = 1, c = -0.5)
  y <- 3 + 0.8 * x + feff[f] + b0[gi] + b1[gi] * (x - 5) + rnorm(n, 0, 1.5)
  y <- round(unname(y), 4)
  z <- round(rnorm(n), 4)
  # group m07: all y missing
  y[g == "m07"] <- NA
  others <- which(g != "m07")
  na_y <- sample(others, 8)
  y[na_y] <- NA
  rest <- setdiff(others, na_y)
  na_x <- sample(rest, 6)
  x[na_x] <- NA
  rest <- setdiff(rest, na_x)
  na_g <- sample(rest, 5)
  g[na_g] <- NA
  rest <- setdiff(rest, na_g)
  both <- sample(rest, 2)          # rows with two missing fields
  y[both] <- NA
  x[both] <- NA
  # level d only where the row is dropped anyway
  f[c(na_y[1:2], na_x[1], na_g[1])] <- "d"
  z[sample(seq_len(n), 12)] <- NA  # unused column: must not cause row removal
  data.frame(g = g, f = f, x = x, z = z, y = y, stringsAsFactors = FALSE)
}

# (c) Three-level nesting: y ~ trt + (1 | center/patient). Patient labels p1..p8 repeat in
# every center, so only center:patient identifies a patient. trt is a patient-level factor
# with three levels (reference level after sorting: "control").
sim_nested <- function() {
  set.seed(20240403)
  centers <- lvl("c", 10)
  rows <- list()
  ce <- rnorm(length(centers), 0, 2)
  teff <- c(control = 0, low = 1.5, high = 3)
  for (ci in seq_along(centers)) {
    np <- sample(3:8, 1)
    for (p in seq_len(np)) {
      nv <- sample(2:6, 1)
      trt <- sample(names(teff), 1)
      pe <- rnorm(1, 0, 1.5)
      y <- 20 + teff[[trt]] + ce[ci] + pe + rnorm(nv, 0, 1)
      rows[[length(rows) + 1]] <- data.frame(center = centers[ci], patient = paste0("p", p),
                                             visit = seq_len(nv), trt = trt,
                                             y = round(y, 4), stringsAsFactors = FALSE)
    }
  }
  do.call(rbind, rows)
}

# (d) Crossed random intercepts with a 4-level categorical covariate interacting with x:
# y ~ f * x + (1 | a) + (1 | b). Not every a:b pair is observed.
sim_crossed <- function() {
  set.seed(20240404)
  na <- 15; nb <- 10; n <- 400
  a <- sample(lvl("a", na), n, replace = TRUE, prob = seq(1, 3, length.out = na))
  b <- sample(lvl("b", nb), n, replace = TRUE)
  fl <- c("north", "south", "east", "west")
  f <- sample(fl, n, replace = TRUE)
  x <- round(runif(n, 0, 10), 4)
  ae <- setNames(rnorm(na, 0, 1.2), lvl("a", na))
  be <- setNames(rnorm(nb, 0, 0.7), lvl("b", nb))
  fi <- c(north = 0, south = 2, east = -1, west = 0.5)
  fs <- c(north = 0.3, south = 0.1, east = 0.5, west = 0.3)
  y <- 5 + fi[f] + fs[f] * x + ae[a] + be[b] + rnorm(n, 0, 1)
  data.frame(a = a, b = b, f = f, x = x, y = round(unname(y), 4), stringsAsFactors = FALSE)
}

# (e) Singular but not trivial: y ~ x + (1 + x | g) where the true slope variance is tiny
# compared with the residual variance; lme4 puts the estimate on the boundary while the
# intercept variance stays clearly positive.
sim_singular <- function() {
  set.seed(20240405)
  ng <- 25; m <- 8
  g <- rep(lvl("s", ng), each = m)
  gi <- rep(seq_len(ng), each = m)
  b0 <- rnorm(ng, 0, 1.5)
  b1 <- rnorm(ng, 0, 0.02)
  x <- round(runif(ng * m, 0, 5), 4)
  y <- 2 + 0.5 * x + b0[gi] + b1[gi] * x + rnorm(ng * m, 0, 1)
  data.frame(g = g, x = x, y = round(y, 4), stringsAsFactors = FALSE)
}

write_simulated_data <- function(dir = ".") {
  write_sim(sim_unbalanced(), file.path(dir, "sim_unbalanced.csv"))
  write_sim(sim_missing(), file.path(dir, "sim_missing.csv"))
  write_sim(sim_nested(), file.path(dir, "sim_nested.csv"))
  write_sim(sim_crossed(), file.path(dir, "sim_crossed.csv"))
  write_sim(sim_singular(), file.path(dir, "sim_singular.csv"))
}
