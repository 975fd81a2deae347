# R's number formatting and abbreviate() on generated inputs, for FormulaLmm.Results.RFormat and
# RAbbreviate. Run from this folder: Rscript make-rformat.R  (writes rformat.json)
suppressPackageStartupMessages(library(jsonlite))
set.seed(20261124)
num <- function(v) sprintf("%.17g", v)
cases <- list()
add <- function(x, digits, nsmall = 0L) {
  cases[[length(cases) + 1L]] <<- list(x = num(x), digits = digits, nsmall = nsmall,
                                       format = format(x, digits = digits, nsmall = nsmall))
}
for (i in 1:400) {
  n <- sample(1:6, 1)
  scale <- 10^sample(-7:8, 1)
  x <- rnorm(n) * scale
  if (runif(1) < 0.2) x[sample(n, 1)] <- 0
  if (runif(1) < 0.2) x <- round(x, sample(0:4, 1))
  if (runif(1) < 0.1) x <- x * 10^sample(-3:3, n, replace = TRUE)
  add(x, sample(c(1:7, 15), 1))
}
for (i in 1:100) add(round(runif(sample(1:9, 1), -1, 1), 3), 7L, 3L)
for (i in 1:60) add(round(runif(sample(1:9, 1), -1, 1), 2), 7L, 2L)
add(c(0.125, 0.375, 2.5), 2L)
add(c(99999.5, 0.001234), 3L)
add(c(9.9999, 0.001234), 3L)
add(c(1e-300, 1), 4L)
add(c(123456789012, 1.5), 7L)
add(c(-0.0004, 0.001), 7L, 3L)

rounds <- list()
for (i in 1:300) {
  x <- rnorm(1) * 10^sample(-4:5, 1)
  d <- sample(0:6, 1)
  rounds[[i]] <- list(x = num(x), digits = d, round = num(round(x, d)))
}
for (x in c(0.15, 0.25, 0.35, 0.45, 2.5, 0.125, 1.005, 2.675))
  rounds[[length(rounds) + 1L]] <- list(x = num(x), digits = if (x < 1 && x != 0.125) 1L else 2L,
                                        round = num(round(x, if (x < 1 && x != 0.125) 1L else 2L)))

words <- c("(Intercept)", "Days", "MachineB", "MachineC", "age:SexMale", "SexMale", "recipeB:temperature.L",
           "temperature.L", "temperature^4", "recipeC:temperature^5", "fnorth:x", "trthigh", "trtlow",
           "log(x)", "I(x^2)", "poly(x, 2)1", "poly(x, 2)2", "serviceY", "x", "x2", "Sex Male", "abc def ghi",
           "aeiou", "AEIOU", "a", "ab", "Treatment", "TreatmentB", "TreatmentC", "f1:g2", "factor(g)b")
abbrev <- list()
for (m in c(1L, 4L, 6L, 11L)) abbrev[[length(abbrev) + 1L]] <- list(names = words, minlength = m,
                                                                   abbreviate = unname(abbreviate(words, m)))
sets <- list(c("(Intercept)", "recipeB", "recipeC", "temperature.L", "temperature.Q", "recipeB:temperature.L",
               "recipeC:temperature.L"), c("(Intercept)", "fnorth", "fsouth", "fwest", "x", "fnorth:x", "fsouth:x", "fwest:x"),
          c("(Intercept)", "age", "SexMale", "age:SexMale"), c("aaaaaaaaaa1", "aaaaaaaaaa2", "aaaaaaaaab"))
for (s in sets) for (m in c(6L, 11L)) abbrev[[length(abbrev) + 1L]] <- list(names = s, minlength = m,
                                                                        abbreviate = unname(abbreviate(s, m)))
writeLines(toJSON(list(format = cases, round = rounds, abbreviate = abbrev), auto_unbox = TRUE, pretty = TRUE), "rformat.json")
