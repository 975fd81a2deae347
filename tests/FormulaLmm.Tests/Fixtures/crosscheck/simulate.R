# Cross-check fixtures: simulated data sets of the kind a grader would invent, each fitted with
# lme4 (REML and ML) the way a grader would do it, written in the lme4 fixtures' JSON schema
# (../lme4/README.md) so that tests/FormulaLmm.Tests/Fitting/CrossCheckTests.cs can compare.
#
#   cd tests/FormulaLmm.Tests/Fixtures/crosscheck && setarch "$(uname -m)" -R Rscript simulate.R
#
# CROSSCHECK_ONLY=<regex> refits only the matching case ids (all CSVs and index.json are still
# rewritten).
#
# How the grader is assumed to work (and therefore how this script works):
# - CSVs are written with write.csv (15 significant digits, NA written as NA, strings quoted),
#   mostly with row.names = FALSE; one set keeps write.csv's default row names column.
# - They are read back with plain read.csv(file): strings stay character vectors, whole-number
#   columns are integers. Only columns listed in a case's `factors` are turned into factors with
#   factor() (the grader would then pass them to our CLI as --factor).
# - lmer(formula, data, REML = ...) with default lmerControl(), in R's DEFAULT locale. Unlike
#   ../lme4/run_all.R this script does NOT set LC_COLLATE = "C": on this machine (C.UTF-8, R built
#   with ICU) character levels are sorted by ICU's root collation ("a" < "B" < "c"), and that is
#   what lme4 gives a user. index.json records the collation used.
invisible(Sys.setlocale("LC_COLLATE", ""))   # the default, explicitly
source("../lme4/fixture_helpers.R")

# Read as the grader does: plain read.csv, then factor() for the declared columns only.
read_case_data <- function(case) {
  d <- read.csv(case$file)
  for (col in case$factors) d[[col]] <- factor(d[[col]])
  d
}

write_plain <- function(d, file) write.csv(d, file, row.names = FALSE)

# Group labels for cluster sizes, in a shuffled order of appearance so that the data order is
# never the level order.
groups_of <- function(labels, sizes) {
  g <- rep(labels, times = sizes)
  g
}

bivariate <- function(n, sd1, sd2, rho) {
  z1 <- rnorm(n); z2 <- rnorm(n)
  cbind(sd1 * z1, sd2 * (rho * z1 + sqrt(1 - rho^2) * z2))
}

# ------------------------------------------------------------------------------------------
# Data sets. Each has its own seed.
# ------------------------------------------------------------------------------------------

datasets <- list()
ds <- function(name, fun) datasets[[name]] <<- fun

ds("ri_basic", function() {
  set.seed(101)
  ng <- 30; m <- 10
  g <- rep(paste0("G", 1:ng), each = m)
  gi <- rep(1:ng, each = m)
  x <- rnorm(ng * m)
  y <- 5 + 2 * x + rnorm(ng, 0, 1.5)[gi] + rnorm(ng * m)
  data.frame(g, x, y)
})

ds("ri_intercept_only", function() {
  set.seed(102)
  labs <- paste0("batch_", LETTERS[1:12])
  sizes <- sample(2:9, 12, replace = TRUE)
  g <- rep(labs, times = sizes); gi <- rep(1:12, times = sizes)
  y <- 100 + rnorm(12, 0, 4)[gi] + rnorm(length(g), 0, 3)
  data.frame(batch = g, yield = y)
})

ds("slope_corr", function() {
  set.seed(103)
  ng <- 40
  sizes <- sample(3:15, ng, replace = TRUE)
  labs <- sprintf("S%02d", sample(ng))
  g <- rep(labs, times = sizes); gi <- rep(1:ng, times = sizes)
  b <- bivariate(ng, 2, 0.5, 0.5)
  x <- runif(length(g), 0, 10)
  y <- 20 + 1.2 * x + b[gi, 1] + b[gi, 2] * x + rnorm(length(g), 0, 1.5)
  data.frame(subject = g, x, y)
})

# Uncentred covariate (years 10..20) and a strong negative correlation; integer subject ids
# 101..130 (read.csv gives an integer column; lme4's factor() sorts it numerically).
ds("slope_negcorr_intid", function() {
  set.seed(104)
  ng <- 30
  sizes <- sample(4:12, ng, replace = TRUE)
  ids <- sample(101:130)
  g <- rep(ids, times = sizes); gi <- rep(1:ng, times = sizes)
  b <- bivariate(ng, 3, 0.4, -0.8)
  t <- round(runif(length(g), 10, 20), 1)
  y <- 50 - 0.8 * t + b[gi, 1] + b[gi, 2] * (t - 15) + rnorm(length(g), 0, 1)
  data.frame(id = g, t, y)
})

# Many singleton clusters; integer labels 1..60 appearing in shuffled order.
ds("singletons", function() {
  set.seed(105)
  ng <- 60
  sizes <- c(rep(1L, 15), sample(2:20, ng - 15, replace = TRUE))
  labs <- sample(1:ng)
  g <- rep(labs, times = sizes); gi <- rep(1:ng, times = sizes)
  x <- rnorm(length(g), 2, 1)
  y <- 1 + 0.5 * x + rnorm(ng, 0, 1)[gi] + rnorm(length(g), 0, 2)
  o <- sample(length(g))
  data.frame(g = g[o], x = x[o], y = y[o])
})

ds("singletons_slope", function() {
  set.seed(106)
  ng <- 50
  sizes <- c(rep(1L, 12), sample(2:8, ng - 12, replace = TRUE))
  labs <- paste0("c", 1:ng)
  g <- rep(labs, times = sizes); gi <- rep(1:ng, times = sizes)
  b <- bivariate(ng, 1, 0.6, 0.3)
  x <- rnorm(length(g))
  y <- 3 + x + b[gi, 1] + b[gi, 2] * x + rnorm(length(g), 0, 0.8)
  data.frame(g, x, y)
})

# NA in y, x, the grouping column and a factor (whose level "d" occurs only in dropped rows);
# NA in an unused column w must keep its rows.
ds("missing_mixed", function() {
  set.seed(107)
  ng <- 25
  sizes <- sample(3:12, ng, replace = TRUE)
  labs <- paste0("site", 1:ng)
  g <- rep(labs, times = sizes); gi <- rep(1:ng, times = sizes)
  n <- length(g)
  f <- sample(c("a", "b", "c"), n, replace = TRUE)
  x <- rnorm(n, 10, 3)
  y <- 2 + 0.3 * x + c(a = 0, b = 1, c = 2)[f] + rnorm(ng, 0, 1)[gi] + rnorm(n)
  y <- unname(y)
  w <- rnorm(n)
  y[sample(n, 10)] <- NA
  x[sample(n, 6)] <- NA
  g[sample(n, 5)] <- NA
  f[sample(n, 4)] <- NA
  f[which(is.na(y))[1:2]] <- "d"
  w[sample(n, 20)] <- NA
  data.frame(g, f, x, w, y)
})

# All rows of one group have y missing, so that group disappears from the model frame.
ds("missing_slope", function() {
  set.seed(108)
  ng <- 20
  sizes <- sample(5:10, ng, replace = TRUE)
  g <- rep(1:ng, times = sizes); gi <- g
  n <- length(g)
  b <- bivariate(ng, 1.5, 0.3, 0.2)
  x <- runif(n, 0, 5)
  y <- 4 + 0.7 * x + b[gi, 1] + b[gi, 2] * x + rnorm(n)
  y[g == 7] <- NA
  y[sample(n, 8)] <- NA
  x[sample(n, 8)] <- NA
  data.frame(g, x, y)
})

# Two-level nesting; class labels 1..4 repeat across schools (integer column), mixed-case school
# names; treatment at school level with mixed-case labels.
ds("nested2", function() {
  set.seed(109)
  schools <- c("Sch-a", "sch-B", "Sch-C", "sch-d", "SCH-E", "sch-f", "Sch-g", "sch-H", "Sch-i", "sch-J")
  rows <- list()
  se <- rnorm(length(schools), 0, 2)
  trt <- sample(c("ctrl", "Drug"), length(schools), replace = TRUE)
  for (s in seq_along(schools)) {
    nc <- sample(2:5, 1)
    for (cl in 1:nc) {
      m <- sample(3:10, 1)
      ce <- rnorm(1, 0, 1)
      y <- 60 + (trt[s] == "Drug") * 3 + se[s] + ce + rnorm(m, 0, 2)
      rows[[length(rows) + 1]] <- data.frame(school = schools[s], class = cl, trt = trt[s], y = y)
    }
  }
  do.call(rbind, rows)
})

# Three-level nesting: region / site / patient, labels repeating at the lower levels; some
# patients with a single visit.
ds("nested3", function() {
  set.seed(110)
  regions <- c("north", "South", "east", "West", "central", "Islands")
  rows <- list()
  for (r in seq_along(regions)) {
    re <- rnorm(1, 0, 1.5)
    for (s in 1:sample(2:4, 1)) {
      se <- rnorm(1, 0, 1)
      for (p in 1:sample(2:5, 1)) {
        pe <- rnorm(1, 0, 0.8)
        m <- sample(1:6, 1)
        x <- rnorm(m)
        y <- 10 + 0.5 * x + re + se + pe + rnorm(m, 0, 0.7)
        rows[[length(rows) + 1]] <- data.frame(region = regions[r], site = paste0("s", s),
                                               patient = p, x = x, y = y)
      }
    }
  }
  do.call(rbind, rows)
})

ds("crossed", function() {
  set.seed(111)
  ns <- 30; ni <- 20
  grid <- expand.grid(subj = paste0("s", 1:ns), item = 1:ni, stringsAsFactors = FALSE)
  grid <- grid[runif(nrow(grid)) < 0.8, ]
  n <- nrow(grid)
  si <- match(grid$subj, paste0("s", 1:ns))
  x <- rnorm(n)
  y <- 300 + 10 * x + rnorm(ns, 0, 20)[si] + rnorm(ni, 0, 10)[grid$item] + rnorm(n, 0, 25)
  data.frame(subj = grid$subj, item = grid$item, x, y)
})

# Crossed with a correlated random slope for a two-level condition (labels "A"/"B").
ds("crossed_slope", function() {
  set.seed(112)
  ns <- 24; ni <- 16
  grid <- expand.grid(subj = sprintf("P%02d", 1:ns), item = sprintf("w%02d", 1:ni), stringsAsFactors = FALSE)
  grid$cond <- ifelse((match(grid$item, sprintf("w%02d", 1:ni)) + match(grid$subj, sprintf("P%02d", 1:ns))) %% 2 == 0, "A", "B")
  n <- nrow(grid)
  si <- match(grid$subj, sprintf("P%02d", 1:ns)); ii <- match(grid$item, sprintf("w%02d", 1:ni))
  b <- bivariate(ns, 30, 15, -0.4)
  y <- 500 + 25 * (grid$cond == "B") + b[si, 1] + b[si, 2] * (grid$cond == "B") +
    rnorm(ni, 0, 20)[ii] + rnorm(n, 0, 40)
  grid$rt <- y
  grid[sample(n), ]
})

ds("factor_by_x", function() {
  set.seed(113)
  ng <- 25
  sizes <- sample(6:14, ng, replace = TRUE)
  g <- rep(paste0("g", 1:ng), times = sizes); gi <- rep(1:ng, times = sizes)
  n <- length(g)
  f <- sample(c("lo", "mid", "hi"), n, replace = TRUE)
  x <- runif(n, -1, 1)
  y <- 1 + c(lo = 0, mid = 0.5, hi = 1.5)[f] + c(lo = 1, mid = 2, hi = -1)[f] * x + rnorm(ng, 0, 0.7)[gi] + rnorm(n, 0, 0.5)
  data.frame(g, f, x, y = unname(y))
})

# Two factors whose interaction has an empty cell: X is rank deficient, lme4 drops a column.
ds("empty_cell", function() {
  set.seed(114)
  ng <- 15
  g <- rep(paste0("k", 1:ng), each = 12)
  n <- length(g)
  a <- sample(c("p", "q", "r"), n, replace = TRUE)
  b <- sample(c("yes", "no"), n, replace = TRUE)
  b[a == "r"] <- "no"
  y <- 2 + (a == "q") - (a == "r") + 0.5 * (b == "yes") + rnorm(ng)[rep(1:ng, each = 12)] + rnorm(n)
  data.frame(g, a, b, y)
})

ds("factor_slope", function() {
  set.seed(115)
  ng <- 18
  g <- rep(paste0("W", 1:ng), each = 9)
  f <- rep(c("M1", "M2", "M3"), times = 3 * ng)
  gi <- rep(1:ng, each = 9)
  L <- matrix(c(2, 0, 0, 1.2, 1, 0, 0.8, 0.4, 0.9), 3, 3, byrow = TRUE)
  b <- matrix(rnorm(3 * ng), ng, 3) %*% t(L)
  fi <- match(f, c("M1", "M2", "M3"))
  y <- 50 + c(0, 3, 6)[fi] + b[cbind(gi, fi)] + rnorm(length(g), 0, 1)
  data.frame(worker = g, machine = f, score = y)
})

ds("uncorr", function() {
  set.seed(116)
  ng <- 35
  sizes <- sample(4:10, ng, replace = TRUE)
  g <- rep(paste0("u", 1:ng), times = sizes); gi <- rep(1:ng, times = sizes)
  n <- length(g)
  x <- runif(n, 0, 9); z <- rnorm(n)
  y <- 10 + x + 0.5 * z + rnorm(ng, 0, 2)[gi] + rnorm(ng, 0, 0.5)[gi] * x + rnorm(ng, 0, 0.3)[gi] * z + rnorm(n)
  data.frame(g, x, z, y)
})

# Mixed-case labels in both a grouping factor and a fixed-effect factor: R's (ICU) collation
# makes "ctrl" the reference level, byte order would make it "Drug".
ds("mixed_case", function() {
  set.seed(117)
  labs <- c("alpha", "Beta", "gamma", "Delta", "epsilon", "Zeta", "eta", "Theta", "iota", "Kappa",
            "lambda", "Mu", "nu", "Xi", "omicron", "Pi")
  ng <- length(labs)
  sizes <- sample(5:9, ng, replace = TRUE)
  g <- rep(labs, times = sizes); gi <- rep(1:ng, times = sizes)
  n <- length(g)
  trt <- sample(c("ctrl", "Drug", "placebo"), n, replace = TRUE)
  y <- 7 + c(ctrl = 0, Drug = 2, placebo = 0.3)[trt] + rnorm(ng, 0, 1)[gi] + rnorm(n)
  data.frame(g, trt, y = unname(y))
})

# Labels with spaces, hyphens, underscores and digits.
ds("punct_labels", function() {
  set.seed(118)
  labs <- c("Clinic 1", "Clinic 10", "Clinic 2", "clinic-3", "clinic_4", "Clinic 5 (new)", "CLINIC 6",
            "clinic 7", "Clinic.8", "clinic 9", "Clinic 11", "clinic_12")
  ng <- length(labs)
  sizes <- sample(4:12, ng, replace = TRUE)
  g <- rep(labs, times = sizes); gi <- rep(1:ng, times = sizes)
  n <- length(g)
  arm <- sample(c("Arm A", "arm B", "arm-c"), n, replace = TRUE)
  x <- rnorm(n)
  y <- 3 + 0.4 * x + c("Arm A" = 0, "arm B" = 1, "arm-c" = -1)[arm] + rnorm(ng, 0, 1.2)[gi] + rnorm(n)
  data.frame(clinic = g, arm, x, y = unname(y))
})

ds("near_singular", function() {
  set.seed(119)
  ng <- 20; m <- 5
  gi <- rep(1:ng, each = m)
  x <- rnorm(ng * m)
  y <- 1 + x + rnorm(ng, 0, 0.15)[gi] + rnorm(ng * m)
  data.frame(g = paste0("n", gi), x, y)
})

ds("exact_singular", function() {
  set.seed(120)
  ng <- 10; m <- 6
  gi <- rep(1:ng, each = m)
  # within-group noise centred so that group means are all equal: between-group variance 0
  e <- rnorm(ng * m)
  e <- e - ave(e, gi)
  y <- 5 + e
  data.frame(g = gi, y)
})

ds("singular_slope", function() {
  set.seed(121)
  ng <- 30; m <- 6
  gi <- rep(1:ng, each = m)
  x <- rep(0:5, ng)
  y <- 2 + 0.3 * x + rnorm(ng, 0, 1)[gi] + rnorm(ng * m, 0, 1)
  data.frame(g = paste0("q", gi), x, y)
})

ds("singular_crossed", function() {
  set.seed(122)
  grid <- expand.grid(a = paste0("A", 1:12), b = paste0("B", 1:8), rep = 1:2, stringsAsFactors = FALSE)
  n <- nrow(grid)
  ai <- match(grid$a, paste0("A", 1:12))
  y <- 4 + rnorm(12, 0, 1)[ai] + rnorm(n, 0, 1.5)
  grid$y <- y
  grid
})

ds("large_slope", function() {
  set.seed(123)
  ng <- 200; n <- 5000
  g <- sample(sprintf("id%03d", 1:ng), n, replace = TRUE)
  gi <- match(g, sprintf("id%03d", 1:ng))
  b <- bivariate(ng, 1, 0.5, 0.3)
  x1 <- rnorm(n); x2 <- runif(n)
  f <- sample(c("A", "B", "C", "D"), n, replace = TRUE)
  y <- 10 + 0.5 * x1 - x2 + c(A = 0, B = 0.2, C = 0.4, D = -0.3)[f] + b[gi, 1] + b[gi, 2] * x1 + rnorm(n)
  h <- sample(1:40, n, replace = TRUE)
  y <- y + rnorm(40, 0, 0.5)[h]
  data.frame(g, h, f, x1, x2, y = unname(y))
})

ds("large_nested", function() {
  set.seed(124)
  n <- 5000
  a <- sample(1:50, n, replace = TRUE)
  b <- sample(1:8, n, replace = TRUE)
  c <- sample(paste0("r", 1:30), n, replace = TRUE)
  x <- rnorm(n)
  ci <- match(c, paste0("r", 1:30))
  y <- 1 + x + rnorm(50, 0, 1)[a] + rnorm(400, 0, 0.7)[(a - 1) * 8 + b] + rnorm(30, 0, 0.5)[ci] + rnorm(n)
  data.frame(a, b, c, x, y)
})

ds("no_intercept", function() {
  set.seed(125)
  ng <- 20
  g <- rep(paste0("h", 1:ng), each = 8); gi <- rep(1:ng, each = 8)
  n <- length(g)
  f <- sample(c("red", "green", "blue"), n, replace = TRUE)
  x <- rnorm(n)
  y <- c(red = 1, green = 2, blue = 3)[f] + 0.5 * x + rnorm(ng)[gi] + rnorm(n, 0, 0.5)
  data.frame(g, f, x, y = unname(y))
})

# Transforms of the covariate, and scale() evaluated before NA removal (as model.frame does).
ds("transforms", function() {
  set.seed(126)
  ng <- 20
  g <- rep(paste0("t", 1:ng), each = 10); gi <- rep(1:ng, each = 10)
  n <- length(g)
  x <- runif(n, 0.5, 5)
  y <- 2 + log(x) - 0.1 * x^2 + rnorm(ng)[gi] + rnorm(n, 0, 0.5)
  y[sample(n, 7)] <- NA
  data.frame(g, x, y)
})

ds("logical_fixed", function() {
  set.seed(127)
  ng <- 15
  g <- rep(1:ng, each = 7)
  n <- length(g)
  treated <- sample(c(TRUE, FALSE), n, replace = TRUE)
  x <- rnorm(n)
  y <- 1 + 0.8 * treated + x + rnorm(ng)[g] + rnorm(n)
  data.frame(g, treated, x, y)
})

# A numeric dose column used as a categorical fixed effect: the grader passes --factor dose
# (and R factor()). Group ids are integers too.
ds("dose_factor", function() {
  set.seed(128)
  ng <- 24
  g <- rep(1:ng, each = 6)
  dose <- rep(c(0, 5, 10, 20, 40, 80), ng)
  y <- 3 + log1p(dose) * 0.5 + rnorm(ng, 0, 0.8)[g] + rnorm(length(g), 0, 0.6)
  data.frame(animal = g, dose, y)
})

ds("three_crossed", function() {
  set.seed(129)
  n <- 600
  a <- sample(paste0("a", 1:20), n, replace = TRUE)
  b <- sample(paste0("b", 1:12), n, replace = TRUE)
  c <- sample(paste0("c", 1:6), n, replace = TRUE)
  y <- rnorm(20, 0, 1)[match(a, paste0("a", 1:20))] + rnorm(12, 0, 0.8)[match(b, paste0("b", 1:12))] +
    rnorm(6, 0, 1.5)[match(c, paste0("c", 1:6))] + rnorm(n)
  data.frame(a, b, c, y)
})

ds("slope_only", function() {
  set.seed(130)
  ng <- 25
  g <- rep(paste0("z", 1:ng), each = 8); gi <- rep(1:ng, each = 8)
  x <- rnorm(length(g), 1, 1)
  y <- 2 + x + rnorm(ng, 0, 0.7)[gi] * x + rnorm(length(g), 0, 0.5)
  data.frame(g, x, y)
})

# Replicated two-way layout for (1 | a) + (1 | b) + (1 | a:b).
ds("two_way_random", function() {
  set.seed(131)
  grid <- expand.grid(op = paste0("op", 1:6), part = 1:10, rep = 1:3, stringsAsFactors = FALSE)
  n <- nrow(grid)
  oi <- match(grid$op, paste0("op", 1:6))
  y <- 20 + rnorm(6, 0, 0.5)[oi] + rnorm(10, 0, 2)[grid$part] + rnorm(60, 0, 0.4)[(oi - 1) * 10 + grid$part] +
    rnorm(n, 0, 0.3)
  grid$y <- y
  grid[-sample(n, 5), ]
})

ds("collinear", function() {
  set.seed(132)
  ng <- 20
  g <- rep(paste0("v", 1:ng), each = 6)
  x1 <- rnorm(length(g))
  x2 <- 2 * x1 + 1
  y <- 1 + x1 + rnorm(ng)[rep(1:ng, each = 6)] + rnorm(length(g))
  data.frame(g, x1, x2, y)
})

ds("tiny", function() {
  set.seed(133)
  g <- rep(c("x", "Y", "z"), each = 4)
  y <- 10 + c(-1, 0, 1.5)[rep(1:3, each = 4)] + rnorm(12, 0, 0.8)
  data.frame(g, y)
})

ds("offset", function() {
  set.seed(134)
  ng <- 20
  g <- rep(paste0("o", 1:ng), each = 7); gi <- rep(1:ng, each = 7)
  n <- length(g)
  expo <- runif(n, 1, 10)
  x <- rnorm(n)
  y <- log(expo) + 0.5 + 0.3 * x + rnorm(ng, 0, 0.6)[gi] + rnorm(n, 0, 0.4)
  data.frame(g, expo, x, y)
})

# Written with write.csv's default row names: the header's first field is empty (read.csv
# names that column X).
ds("rownames_csv", function() {
  set.seed(135)
  ng <- 15
  g <- rep(LETTERS[1:ng], each = 5)
  x <- rnorm(length(g))
  y <- x + rnorm(ng)[rep(1:ng, each = 5)] + rnorm(length(g))
  data.frame(g, x, y)
})

ds("big_scale", function() {
  set.seed(136)
  ng <- 20
  g <- rep(paste0("b", 1:ng), each = 6); gi <- rep(1:ng, each = 6)
  x <- rnorm(length(g), 0, 0.001)
  y <- 1e5 + 5e5 * x + rnorm(ng, 0, 300)[gi] + rnorm(length(g), 0, 200)
  data.frame(g, x, y)
})

ds("three_by_three", function() {
  set.seed(137)
  ng <- 40
  sizes <- sample(6:15, ng, replace = TRUE)
  g <- rep(paste0("r", 1:ng), times = sizes); gi <- rep(1:ng, times = sizes)
  n <- length(g)
  L <- matrix(c(1.5, 0, 0, 0.3, 0.6, 0, -0.2, 0.1, 0.4), 3, 3, byrow = TRUE)
  b <- matrix(rnorm(3 * ng), ng, 3) %*% t(L)
  x <- rnorm(n); z <- rnorm(n)
  y <- 1 + 0.5 * x - 0.5 * z + b[gi, 1] + b[gi, 2] * x + b[gi, 3] * z + rnorm(n, 0, 0.7)
  data.frame(g, x, z, y)
})

# Numeric group labels with gaps, negatives and decimals: R's factor() sorts them as numbers
# and labels them with as.character().
ds("odd_numeric_labels", function() {
  set.seed(138)
  labs <- c(-3, 0, 2.5, 7, 12, 100, 1000, 0.125, 33, 4)
  ng <- length(labs)
  sizes <- sample(4:9, ng, replace = TRUE)
  g <- rep(labs, times = sizes); gi <- rep(1:ng, times = sizes)
  x <- rnorm(length(g))
  y <- x + rnorm(ng, 0, 2)[gi] + rnorm(length(g))
  data.frame(plot = g, x, y)
})

ds("nested_slope", function() {
  set.seed(139)
  rows <- list()
  for (a in 1:12) {
    ea <- bivariate(1, 1, 0.4, 0.2)
    for (b in 1:sample(2:4, 1)) {
      m <- sample(4:8, 1)
      x <- rnorm(m)
      y <- 5 + x + ea[1] + ea[2] * x + rnorm(1, 0, 0.6) + rnorm(m, 0, 0.5)
      rows[[length(rows) + 1]] <- data.frame(farm = paste0("F", a), field = b, x = x, y = y)
    }
  }
  do.call(rbind, rows)
})

# Integer response with many ties, categorical covariate with unequal level frequencies.
ds("integer_response", function() {
  set.seed(140)
  ng <- 30
  sizes <- sample(2:10, ng, replace = TRUE)
  g <- rep(paste0("cl", 1:ng), times = sizes); gi <- rep(1:ng, times = sizes)
  n <- length(g)
  grp <- sample(c("young", "middle", "old"), n, replace = TRUE, prob = c(0.6, 0.3, 0.1))
  y <- round(20 + c(young = 0, middle = 3, old = 6)[grp] + rnorm(ng, 0, 3)[gi] + rnorm(n, 0, 4))
  data.frame(g, grp, score = as.integer(y))
})

ds("unbalanced_nested_singletons", function() {
  set.seed(141)
  rows <- list()
  for (h in 1:15) {
    eh <- rnorm(1, 0, 1)
    for (w in 1:sample(1:5, 1)) {
      m <- sample(c(1, 1, 2, 3, 6), 1)
      x <- rnorm(m)
      y <- 2 + 0.5 * x + eh + rnorm(1, 0, 0.7) + rnorm(m, 0, 0.6)
      rows[[length(rows) + 1]] <- data.frame(hospital = paste0("H", h), ward = paste0("W", w), x = x, y = y)
    }
  }
  do.call(rbind, rows)
})

# Zero-padded numeric ids ("007"): write.csv quotes them, read.csv still turns them into the
# integers 7, ..., so lme4's levels are "1", "2", ...
ds("zero_padded_ids", function() {
  set.seed(142)
  ng <- 25
  ids <- sprintf("%03d", sample(1:200, ng))
  sizes <- sample(3:8, ng, replace = TRUE)
  g <- rep(ids, times = sizes); gi <- rep(1:ng, times = sizes)
  x <- rnorm(length(g))
  y <- 2 * x + rnorm(ng, 0, 1.5)[gi] + rnorm(length(g))
  data.frame(id = g, x, y)
})

# ------------------------------------------------------------------------------------------
# Cases: dataset + formula (+ columns the grader would pass to factor() / --factor).
# ------------------------------------------------------------------------------------------

cases <- list()
cc <- function(id, data, formula, factors = character(), store_fitted = TRUE, description = id) {
  for (reml in c(TRUE, FALSE)) {
    cases[[length(cases) + 1]] <<- list(
      id = paste0(id, if (reml) "_reml" else "_ml"), formula = formula, reml = reml,
      description = description, dataset = NULL, file = paste0(data, ".csv"),
      factors = factors, ordered = NULL, blup_groups = NULL, store_fitted = store_fitted,
      data = data)
  }
}

cc("ri_basic", "ri_basic", "y ~ x + (1 | g)")
cc("ri_intercept_only", "ri_intercept_only", "yield ~ 1 + (1 | batch)")
cc("slope_corr", "slope_corr", "y ~ x + (x | subject)")
cc("slope_negcorr_intid", "slope_negcorr_intid", "y ~ t + (1 + t | id)")
cc("singletons", "singletons", "y ~ x + (1 | g)")
cc("singletons_slope", "singletons_slope", "y ~ x + (x | g)")
cc("missing_mixed", "missing_mixed", "y ~ x + f + (1 | g)")
cc("missing_slope", "missing_slope", "y ~ x + (x | g)")
cc("nested2_slash", "nested2", "y ~ trt + (1 | school/class)")
cc("nested2_explicit", "nested2", "y ~ trt + (1 | school) + (1 | school:class)")
cc("nested3_slash", "nested3", "y ~ x + (1 | region/site/patient)")
cc("nested3_explicit", "nested3", "y ~ x + (1 | region) + (1 | region:site) + (1 | region:site:patient)")
cc("crossed", "crossed", "y ~ x + (1 | subj) + (1 | item)")
cc("crossed_slope", "crossed_slope", "rt ~ cond + (cond | subj) + (1 | item)")
cc("factor_by_x", "factor_by_x", "y ~ f * x + (1 | g)")
cc("empty_cell", "empty_cell", "y ~ a * b + (1 | g)")
cc("factor_slope_cellmeans", "factor_slope", "score ~ machine + (0 + machine | worker)")
cc("factor_slope_full", "factor_slope", "score ~ machine + (machine | worker)")
cc("uncorr", "uncorr", "y ~ x + (x || g)")
cc("uncorr3", "uncorr", "y ~ x + z + (1 + x + z || g)")
cc("mixed_case", "mixed_case", "y ~ trt + (1 | g)")
cc("punct_labels", "punct_labels", "y ~ x + arm + (1 | clinic)")
cc("near_singular", "near_singular", "y ~ x + (1 | g)")
cc("exact_singular", "exact_singular", "y ~ 1 + (1 | g)")
cc("singular_slope", "singular_slope", "y ~ x + (x | g)")
cc("singular_crossed", "singular_crossed", "y ~ 1 + (1 | a) + (1 | b)")
cc("large_slope", "large_slope", "y ~ x1 + x2 + f + (x1 | g) + (1 | h)", store_fitted = FALSE)
cc("large_nested", "large_nested", "y ~ x + (1 | a/b) + (1 | c)", store_fitted = FALSE)
cc("no_intercept", "no_intercept", "y ~ 0 + f + x + (1 | g)")
cc("transforms", "transforms", "y ~ log(x) + I(x^2) + (1 | g)")
cc("transforms_scale", "transforms", "y ~ scale(x) + (1 | g)")
cc("transforms_poly", "transforms", "y ~ poly(x, 2) + (1 | g)")
cc("logical_fixed", "logical_fixed", "y ~ treated + x + (1 | g)")
cc("dose_factor", "dose_factor", "y ~ dose + (1 | animal)", factors = "dose")
cc("three_crossed", "three_crossed", "y ~ 1 + (1 | a) + (1 | b) + (1 | c)")
cc("slope_only", "slope_only", "y ~ x + (0 + x | g)")
cc("split_terms", "uncorr", "y ~ x + (1 | g) + (0 + x | g)")
cc("two_way_random", "two_way_random", "y ~ 1 + (1 | op) + (1 | part) + (1 | op:part)")
cc("collinear", "collinear", "y ~ x1 + x2 + (1 | g)")
cc("tiny", "tiny", "y ~ 1 + (1 | g)")
cc("offset", "offset", "y ~ x + offset(log(expo)) + (1 | g)")
cc("rownames_csv", "rownames_csv", "y ~ x + (1 | g)")
cc("big_scale", "big_scale", "y ~ x + (1 | g)")
cc("three_by_three", "three_by_three", "y ~ x + z + (x + z | g)")
cc("odd_numeric_labels", "odd_numeric_labels", "y ~ x + (1 | plot)")
cc("nested_slope", "nested_slope", "y ~ x + (x | farm/field)")
cc("integer_response", "integer_response", "score ~ grp + (1 | g)")
cc("log_response", "ri_intercept_only", "log(yield) ~ 1 + (1 | batch)")
cc("factor_by_x_slope", "factor_by_x", "y ~ x * f + (x | g)")
cc("quadratic_slope", "slope_corr", "y ~ x + I(x^2) + (x | subject)")
cc("crossed_two_slopes", "crossed", "y ~ x + (x | subj) + (x | item)")
cc("crossed_interaction_group", "crossed_slope", "rt ~ cond + (1 | subj) + (1 | subj:cond) + (1 | item)")
cc("zero_padded_ids", "zero_padded_ids", "y ~ x + (1 | id)")
cc("unbalanced_nested_singletons", "unbalanced_nested_singletons", "y ~ x + (1 | hospital/ward)")

# ------------------------------------------------------------------------------------------

for (name in names(datasets)) {
  d <- datasets[[name]]()
  if (name == "rownames_csv") write.csv(d, paste0(name, ".csv")) else write_plain(d, paste0(name, ".csv"))
}

# R's default order of character labels, for LevelOrder's collation test: random labels over
# printable ASCII and accented Latin-1 letters, written in the order R's sort() gives them.
local({
  set.seed(199)
  chars <- c(sapply(32:126, function(i) rawToChar(as.raw(i))),
             strsplit("àáâãäåçèéêëìíîïñòóôõöùúûüýÿÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝ", "")[[1]],
             letters, LETTERS, letters[1:6], 0:9)
  x <- unique(replicate(3000, paste(sample(chars, sample(1:6, 1), replace = TRUE), collapse = "")))
  # a few systematic near-ties: case, accents and prefixes
  x <- unique(c(x, "a", "A", "á", "Á", "à", "ab", "Ab", "aB", "AB", "ab1", "a b", "a-b", "a_b", "ä", "Ä",
                "e", "é", "É", "E", "ea", "éa", "Ea", "x10", "X10", "x9", "X9"))
  con <- file("collation.txt", open = "w", encoding = "UTF-8")
  writeLines(sort(x), con)
  close(con)
})

only <- Sys.getenv("CROSSCHECK_ONLY", "")
index <- list()
for (cs in cases) {
  index[[length(index) + 1]] <- record(case = cs$id, file = paste0(cs$id, ".json"), formula = cs$formula,
                                       method = if (cs$reml) "REML" else "ML", data_file = cs$file,
                                       cli_factors = arr(cs$factors))
  if (nzchar(only) && !grepl(only, cs$id)) next
  t0 <- proc.time()[["elapsed"]]
  res <- tryCatch(fit_case(cs, "."), error = function(e) { message(cs$id, ": ", conditionMessage(e)); NULL })
  cat(sprintf("%-40s %6.2f s\n", cs$id, proc.time()[["elapsed"]] - t0))
}
write_json_file(index, "index.json")
write_json_file(list(r_version = R.version.string, lme4_version = as.character(packageVersion("lme4")),
                     lc_collate = Sys.getlocale("LC_COLLATE"), icu = unname(capabilities("ICU")),
                     icu_collate = icuGetCollate()),
                "environment.json")
