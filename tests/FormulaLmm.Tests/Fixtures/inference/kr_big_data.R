# The 20,000-row, 500-group random-slope data set of issue 14's Kenward-Roger speed benchmark
# (model `y ~ x + (x | g)`), generated without R's RNG so that any language can rebuild it
# bit for bit: a Park-Miller "minimal standard" generator (multiplier 16807, modulus 2^31 - 1)
# and only the IEEE operations + - * / on doubles, applied in the order written here.
# The data are not committed (about 600 kB); `Rscript kr_big_data.R OUT.csv` writes them with
# 17 significant digits, and the fixture kr_big_reml.json records the checksums below.
#
# Algorithm (state s, an integer 1 <= s < 2^31 - 1, start s = 20241214):
#   next():    s = (16807 * s) mod 2147483647;  return s / 2147483647        (a double in (0, 1))
#   normal():  z = next(); then 11 times z = z + next(); return z - 6      (Irwin-Hall, 12 terms,
#              summed left to right)
#   group g = 1..500 (label sprintf("g%03d", g)):
#       b0 = 8 * normal();  b1 = 0.15 * b0 / 8 + 1.5 * normal()    (correlated intercept and slope)
#       then 40 rows r = 1..40:  x = 10 * next();
#                                y = 50 + 2 * x + b0 + b1 * x + 5 * normal()
#   (the draws happen in exactly this order: per group b0's 12, b1's 12, then per row x's 1 and
#   e's 12). Multiplication and addition are left to right as written: 50 + (2*x) + b0 + (b1*x) + (5*e).

kr_big_data <- function(seed = 20241214, ngroups = 500L, per_group = 40L) {
  s <- seed
  nxt <- function() { s <<- (16807 * s) %% 2147483647; s / 2147483647 }
  nrm <- function() { z <- nxt(); for (k in 1:11) z <- z + nxt(); z - 6 }
  n <- ngroups * per_group
  g <- character(n); x <- numeric(n); y <- numeric(n)
  i <- 0L
  for (gi in seq_len(ngroups)) {
    b0 <- 8 * nrm()
    b1 <- 0.15 * b0 / 8 + 1.5 * nrm()
    for (r in seq_len(per_group)) {
      i <- i + 1L
      xv <- 10 * nxt()
      e <- nrm()
      g[i] <- sprintf("g%03d", gi)
      x[i] <- xv
      y[i] <- 50 + 2 * xv + b0 + b1 * xv + 5 * e
    }
  }
  data.frame(g = g, x = x, y = y, stringsAsFactors = FALSE)
}

write_kr_big <- function(path) {
  d <- kr_big_data()
  out <- data.frame(g = d$g, x = sprintf("%.17g", d$x), y = sprintf("%.17g", d$y))
  write.csv(out, path, row.names = FALSE, quote = c(1))
  invisible(d)
}

if (sys.nframe() == 0L) {
  args <- commandArgs(TRUE)
  path <- if (length(args)) args[1] else "kr_big.csv"
  d <- write_kr_big(path)
  cat(sprintf("wrote %s: %d rows, sum(x) = %.17g, sum(y) = %.17g\n", path, nrow(d),
              Reduce(`+`, d$x), Reduce(`+`, d$y)))
}
