# Simulated repeated-measures data sets for the covariance-structure fixtures (issue 13).
# One seed per data set; values rounded to 4 decimals; missing values written as empty fields.
# Every fit reads the CSV back, so the fixture numbers belong to exactly the bytes on disk.

write_sim <- function(d, file) {
  write.csv(d, file, row.names = FALSE, na = "")
  invisible(file)
}

# Stationary AR(1) errors with correlation phi^|t - t'| on the time values t of one subject.
ar1_errors <- function(t, phi, sd) {
  V <- sd^2 * phi^abs(outer(t, t, "-"))
  drop(t(chol(V)) %*% rnorm(length(t)))
}

# (1) rm_trial: a clinical-trial-like repeated-measures set, one row per subject and visit.
#   id      P001..P150, subject (rows shuffled, so ids are not contiguous in the file)
#   clinic  C01..C15, each clinic belongs to one site; ids are nested in clinics
#   site    oslo / bergen / tromso: the het grouping. The file's first row is from oslo, the
#           first id in level order (P001) is from tromso and the first level in sorted order is
#           bergen, so "first appearance", "first after sorting by id" and "first sorted level"
#           are three different levels.
#   arm     placebo / low / high (treatment; sorted order high, low, placebo)
#   time    integer visit number 0..4; missed visits and dropout leave gaps (e.g. 0, 1, 3)
#   visit   factor v0..v4 (the same visits as levels of a factor, equally spaced)
#   week    2 * time (numeric, planned week)
#   tweek   actual time of measurement in weeks: planned week + jitter, non-integer (car1)
#   base    baseline covariate per subject (missing for two subjects)
#   y       response (missing in some rows that are still present)
# True model: arm-by-time means, base effect, clinic and subject random intercepts, random slope
# in week, AR(1) errors on the actual time (correlation 0.75 per week) with a residual SD per site.
sim_rm_trial <- function() {
  set.seed(20261201)
  nid <- 150
  ids <- sprintf("P%03d", seq_len(nid))
  clinics <- sprintf("C%02d", 1:15)
  clinic_site <- setNames(rep(c("tromso", "oslo", "bergen"), each = 5), clinics)
  clinic <- sample(clinics, nid, replace = TRUE)
  clinic[1] <- "C02"                       # P001 is in tromso
  arm <- sample(c("placebo", "low", "high"), nid, replace = TRUE)
  base <- round(rnorm(nid, 20, 4), 4)
  b_clinic <- setNames(rnorm(15, 0, 1.5), clinics)
  b0 <- rnorm(nid, 0, 3)
  b1 <- rnorm(nid, 0, 0.35)
  site_sd <- c(oslo = 2.0, bergen = 2.8, tromso = 1.5)
  arm_slope <- c(placebo = 0, low = -0.4, high = -0.9)
  rows <- list()
  for (i in seq_len(nid)) {
    times <- 0:4
    u <- runif(1)
    if (u < 0.15) times <- 0:sample(1:3, 1)                    # dropout
    else if (u < 0.40) times <- sort(setdiff(times, sample(1:4, sample(1:2, 1))))  # missed visits
    if (i %in% c(7, 23)) times <- 0                               # a single visit
    week <- 2 * times
    tweek <- round(week + ifelse(times == 0, 0, runif(length(times), -0.45, 0.45)), 4)
    st <- clinic_site[[clinic[i]]]
    e <- ar1_errors(tweek, 0.75, site_sd[[st]])
    y <- 50 + 0.25 * base[i] + arm_slope[[arm[i]]] * week + c(placebo = 0, low = 0.5, high = 1)[[arm[i]]] -
      0.3 * week + b_clinic[[clinic[i]]] + b0[i] + b1[i] * week + e
    rows[[i]] <- data.frame(id = ids[i], clinic = clinic[i], site = st, arm = arm[i],
                            time = times, visit = paste0("v", times), week = week, tweek = tweek,
                            base = base[i], y = round(y, 4), stringsAsFactors = FALSE)
  }
  d <- do.call(rbind, rows)
  # missing values: y in 12 rows, base for two subjects
  d$y[sample(which(d$time > 0), 12)] <- NA
  d$base[d$id %in% c("P045", "P101")] <- NA
  # unsorted rows; then put an oslo row first
  d <- d[sample(nrow(d)), ]
  first_oslo <- which(d$site == "oslo")[1]
  d <- d[c(first_oslo, setdiff(seq_len(nrow(d)), first_oslo)), ]
  rownames(d) <- NULL
  d
}

# (2) sessions: replicated measurements per subject and session, for random-effect structures
# on a factor (cs/ar1/toep/diag/us of 0 + session | subj need several rows per subject and
# session to be identifiable next to the residual variance).
#   subj     s01..s90 (rows shuffled)
#   session  d01, d08, d15, d22, d29: five equally spaced days; level order = time order
#   trial    1..4 within subject and session (1-4 trials; some sessions missing)
#   arm      ctrl / trt
#   rater    R01..R12, crossed with subjects (a second random intercept)
#   x        trial-level numeric covariate
#   y        response, missing in some rows
# True random effects per subject: a session effect with heterogeneous SDs and AR(1)-like
# correlation 0.7^lag, plus a random slope in x; rater effects SD 1.
sim_sessions <- function() {
  set.seed(20261202)
  nsub <- 90
  subj <- sprintf("s%02d", seq_len(nsub))
  sessions <- c("d01", "d08", "d15", "d22", "d29")
  sess_sd <- c(2.0, 2.4, 2.8, 3.2, 3.6)
  R <- 0.7^abs(outer(1:5, 1:5, "-"))
  S <- diag(sess_sd) %*% R %*% diag(sess_sd)
  L <- t(chol(S))
  raters <- sprintf("R%02d", 1:12)
  b_rater <- setNames(rnorm(12, 0, 1), raters)
  arm <- sample(c("ctrl", "trt"), nsub, replace = TRUE)
  rows <- list()
  for (i in seq_len(nsub)) {
    bs <- drop(L %*% rnorm(5))
    bx <- rnorm(1, 0, 0.6)
    keep <- if (runif(1) < 0.2) sort(sample(1:5, sample(3:4, 1))) else 1:5
    for (s in keep) {
      nt <- sample(1:4, 1, prob = c(0.1, 0.3, 0.3, 0.3))
      x <- round(rnorm(nt, 0, 1), 4)
      rt <- sample(raters, nt, replace = TRUE)
      y <- 10 + c(0, 0.5, 1.2, 1.6, 2.5)[s] + (arm[i] == "trt") * 1.5 + 0.8 * x + bs[s] + bx * x +
        b_rater[rt] + rnorm(nt, 0, 1.2)
      rows[[length(rows) + 1]] <- data.frame(subj = subj[i], session = sessions[s], trial = seq_len(nt),
                                             arm = arm[i], rater = rt, x = x, y = round(unname(y), 4),
                                             stringsAsFactors = FALSE)
    }
  }
  d <- do.call(rbind, rows)
  d$y[sample(nrow(d), 10)] <- NA
  d$x[sample(which(!is.na(d$y)), 4)] <- NA
  d <- d[sample(nrow(d)), ]
  rownames(d) <- NULL
  d
}

write_simulated_data <- function(dir = ".") {
  write_sim(sim_rm_trial(), file.path(dir, "rm_trial.csv"))
  write_sim(sim_sessions(), file.path(dir, "sessions.csv"))
  write_sim(sim_growth(), file.path(dir, "growth.csv"))
}

# (3) growth: longer series for a random intercept and slope together with AR(1) residuals.
#   child  k01..k60; age integer years 0..7 (some visits missed, so gaps); sex f / m; y
# True: intercept SD 3, slope SD 0.8, correlation -0.3, AR(1) phi 0.5 per year, sigma 1.5.
sim_growth <- function() {
  set.seed(20261203)
  nk <- 60
  kid <- sprintf("k%02d", seq_len(nk))
  sex <- sample(c("f", "m"), nk, replace = TRUE)
  S <- matrix(c(9, -0.3 * 3 * 0.8, -0.3 * 3 * 0.8, 0.64), 2)
  B <- t(t(chol(S)) %*% matrix(rnorm(2 * nk), 2))
  rows <- list()
  for (i in seq_len(nk)) {
    age <- 0:7
    if (runif(1) < 0.4) age <- sort(setdiff(age, sample(1:7, sample(1:3, 1))))
    e <- ar1_errors(age, 0.5, 1.5)
    y <- 20 + 2 * age + (sex[i] == "m") * (1 + 0.3 * age) + B[i, 1] + B[i, 2] * age + e
    rows[[i]] <- data.frame(child = kid[i], sex = sex[i], age = age, y = round(y, 4), stringsAsFactors = FALSE)
  }
  d <- do.call(rbind, rows)
  d <- d[sample(nrow(d)), ]
  rownames(d) <- NULL
  d
}
