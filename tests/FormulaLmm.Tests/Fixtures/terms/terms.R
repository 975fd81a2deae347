# Reference for the Terms stage: R's terms.formula and lme4 1.1-31's random-term expansion.
# Run from this folder:  Rscript terms.R   (writes terms.json next to it; both are committed).
#
# fixed:  for each formula, the fixed part lme4 uses (nobars) through terms(): term labels,
#         intercept, offset variables and the response.
# random: for each formula, lme4's expanded bar terms in findbars() order (before lme4 sorts them
#         by number of levels): grouping factor name, the one-sided formula's term labels and
#         intercept, and the column names lme4 builds for the term on a small made-up data frame
#         (mkReTrms with reorder.terms = FALSE). lme4_order lists lFormula's own order of
#         (group, columns) after its sort, for the Design stage.
suppressMessages({
  library(lme4)
  library(jsonlite)
})

set.seed(20261124)
n <- 240
d <- data.frame(
  x = round(rnorm(n), 3),
  z = round(rnorm(n), 3),
  w = round(runif(n), 3),
  t = round(runif(n, 1, 5), 3),
  o = round(rnorm(n, sd = 0.1), 3),
  a = factor(rep(c("a1", "a2", "a3", "a4"), each = 60)),
  b = factor(rep(rep(c("b1", "b2", "b3"), each = 20), 4)),
  c = factor(rep(c("c1", "c2"), 120)),
  f = factor(sample(c("lo", "mid", "hi"), n, replace = TRUE)),
  g = factor(rep(sprintf("g%02d", 1:12), 20)),
  h = factor(rep(sprintf("h%d", 1:8), 30)),
  check.names = FALSE
)
d$y <- round(1 + d$x + as.integer(d$g) / 4 + rnorm(n), 3)
d[["my g"]] <- factor(rep(c("p", "q", "r"), 80))

fixed_formulas <- c(
  "y ~ x", "y ~ 1", "y ~ 0", "y ~ -1", "y ~ x - 1", "y ~ 0 + x", "y ~ x + 0", "y ~ -1 + x",
  "y ~ x + -1", "y ~ 1 - 1", "y ~ -0", "y ~ x - 0", "y ~ x - -1", "y ~ x - +1", "y ~ -1 + 1",
  "y ~ 0 + 1 + x", "y ~ -(-1)", "y ~ 0 - 1", "y ~ 1 + 0",
  "y ~ a*b", "y ~ b:a + a", "y ~ a + b:a", "y ~ b + a:b + a", "y ~ c:b + a:b", "y ~ a:a", "y ~ a + a",
  "y ~ a:b:a", "y ~ a:b - b:a", "y ~ a*b - a", "y ~ a*b - a:b", "y ~ a*b*c - a:b:c", "y ~ a*b + b*a",
  "y ~ b*a + a:c", "y ~ z + x*z", "y ~ x + x:z + z:x", "y ~ a*(b + c)", "y ~ (a + b)*(c + f)",
  "y ~ a*c*x",
  "y ~ a/b", "y ~ (a + b)/c", "y ~ a/(b + c)", "y ~ a/b/c", "y ~ a/(b/c)", "y ~ (a*b)/c", "y ~ a/b - a",
  "y ~ b/a + a", "y ~ (x + z)/w - 1", "y ~ a/x",
  "y ~ b %in% a", "y ~ a %in% b", "y ~ x %in% a", "y ~ (a + b) %in% c", "y ~ a %in% (b + c)",
  "y ~ a %in% b %in% c", "y ~ a:b %in% c", "y ~ a + b %in% a", "y ~ (a + b)^2 %in% c",
  "y ~ (a + b + c)^2", "y ~ (a + b)^3", "y ~ (a + b + c)^2 - a:b", "y ~ (x + z + w)^3 - x:z:w",
  "y ~ (a + b + c)^2 - (a + b)^2", "y ~ (a*b)^2",
  "y ~ a:(b + c)", "y ~ (a + b):(c + f)", "y ~ 1 + (a + b):c - a:c", "y ~ a:(b - 1)", "y ~ (0 + a)*b",
  "y ~ a*1", "y ~ a:1", "y ~ a %in% 1", "y ~ a/1",
  "y ~ -a", "y ~ a - a", "y ~ a - b", "y ~ -(a + b)", "y ~ a - (a + b)", "y ~ a - b:a + b",
  "y ~ a - 1 + 1 - 1", "y ~ +a", "y ~ (a)", "y ~ a + (b + c)",
  "y ~ offset(o) + x", "y ~ x + offset(o)", "y ~ offset(o)", "y ~ 0 + offset(o) + x",
  "y ~ x + offset(log(t)) + offset(o)", "y ~ offset(o) + offset(o) + x",
  "log(y + 10) ~ x", "I(y^2) ~ x + z", "~ x + a", "sqrt(t) ~ log(t) + x",
  "y ~ x + log(t) + I(x^2)", "y ~ poly(x, 2)", "y ~ poly(x, degree = 2) + z",
  "y ~ I(x^2) + I(1/t) + I(x - 1) + I(-x) + log(t + 1)", "y ~ log(t):a + x", "y ~ exp(x) + sqrt(t) + abs(z)",
  "y ~ scale(x) + factor(c)", "y ~ I(x*2)", "y ~ I((x + 1)^2)", "y ~ log(t, 2)", "y ~ log(t, base = 2)",
  "y ~ I(x) + x", "y ~ x + log(t) + x:log(t)", "y ~ `my g` + x", "y ~ `my g`:c + c",
  "y ~ x + TRUE", "y ~ FALSE + x", "y ~ x*z + I(x*z)", "y ~ factor(c)*x - 1",
  # R drops a '*' or '/' whose left side has no terms (model.c discards the appended list).
  "y ~ x + 1*a", "y ~ x + (a - a)*b", "y ~ x + 1/a", "y ~ x + (0 + 1)*a", "y ~ x + a*1"
)

random_formulas <- c(
  "y ~ x + (1 | g)", "y ~ x + (x | g)", "y ~ x + (1 + x | g)", "y ~ x + (0 + x | g)",
  "y ~ x + (x - 1 | g)", "y ~ x + (-1 + x | g)",
  "y ~ (1 | a/b)", "y ~ x + (1 | a/b/c)", "y ~ (1 | a:b)", "y ~ (1 | b:a)", "y ~ (1 | a/b:c)",
  "y ~ x + (x || g)", "y ~ (x + z || g)", "y ~ (0 + x + z || g)", "y ~ (x - 1 || g)", "y ~ (x * z || g)",
  "y ~ (1 + x + x || g)", "y ~ (x:z || g)", "y ~ (f || g)", "y ~ (x + f || g)", "y ~ (x || a/b)",
  "y ~ (1 + x || a:b)",
  "y ~ (1 + x | g) + (1 | g)", "y ~ (1 | g) + (0 + x | g)", "y ~ (1 | g) + (1 | h)", "y ~ x + (x | a/b)",
  "y ~ 0 + f + (1 | g)", "y ~ log(t) + (log(t) | g)", "y ~ (I(x^2) | g)", "y ~ (x:z | g)", "y ~ (0 + f | g)",
  "y ~ (x:f | g)", "y ~ (f | g)", "y ~ x*z + offset(o) + (1 + x | g) + (1 | h)", "log(t) ~ x + (1 | a/b/c)",
  "y ~ -1 + x + (1 | g)", "y ~ x + (1 | g) - 1", "y ~ 0 + (1 | g)", "y ~ (1 | g) + 0",
  "y ~ (1 + x + z | g) + (1 | a:b)",
  "y ~ (1 | a/b) + (1 | a)", "y ~ x + ((1 | g))", "y ~ a*x + (1 | g) + (0 + x | h)", "y ~ (poly(x, 2) | g)",
  "y ~ x + (1 | `my g`)", "y ~ (x * f | g)", "y ~ (1 + x | g) + (1 + z | g) + (1 | a:b)"
)

# Random nestings of every operator, for the corner cases of the algebra (intercept parity,
# empty sides, duplicates, removal); fixed seed, so the list is the same on every run.
set.seed(3)
atoms <- c("x", "z", "a", "b", "c", "1", "0", "log(x)", "I(z^2)")
ops <- c(" + ", " - ", ":", "*", "/", " %in% ", "^2", "^3", " + ")
gen <- function(depth) {
  if (depth == 0 || runif(1) < 0.25) return(sample(atoms, 1))
  op <- sample(ops, 1)
  if (startsWith(op, "^")) return(paste0("(", gen(depth - 1), ")", op))
  s <- paste0(gen(depth - 1), op, gen(depth - 1))
  u <- runif(1)
  if (u < 1/3) paste0("(", s, ")") else if (u < 1/3 + 1/9) paste0("-(", s, ")") else s
}
generated_formulas <- character(0)
while (length(generated_formulas) < 300)
  generated_formulas <- unique(c(generated_formulas, paste("y ~", gen(4))))
fixed_formulas <- c(fixed_formulas, generated_formulas)

labels_of <- function(tt) I(attr(tt, "term.labels"))

fixed_part <- function(fo) {
  tt <- terms(nobars(fo))
  vars <- vapply(as.list(attr(tt, "variables"))[-1], function(v) paste(deparse(v), collapse = ""), "")
  list(
    response = if (attr(tt, "response") == 1) vars[1] else NULL,
    labels = labels_of(tt),
    intercept = attr(tt, "intercept"),
    offsets = I(if (is.null(attr(tt, "offset"))) character(0) else vars[attr(tt, "offset")])
  )
}

is_numeric_var <- function(v) v %in% names(d) && is.numeric(d[[v]])

fixed <- lapply(fixed_formulas, function(s) c(list(formula = s), fixed_part(as.formula(s))))

random <- lapply(random_formulas, function(s) {
  fo <- as.formula(s)
  lf <- lFormula(fo, data = d)
  bars <- findbars(fo)
  re <- mkReTrms(bars, lf$fr, reorder.terms = FALSE)
  stopifnot(length(re$cnms) == length(bars))
  expanded <- lapply(seq_along(bars), function(i) {
    bar <- bars[[i]]
    lhs <- terms(eval(substitute(~ foo, list(foo = bar[[2]]))))
    vars <- all.vars(bar[[2]])
    simple <- all(vapply(vars, is_numeric_var, TRUE)) && !grepl("poly\\(", deparse(bar[[2]]))
    list(
      group = paste(deparse(bar[[3]]), collapse = ""),
      lme4_group = names(re$cnms)[i],
      intercept = attr(lhs, "intercept"),
      labels = labels_of(lhs),
      columns = I(re$cnms[[i]]),
      numeric_effects = simple
    )
  })
  lme4_order <- lapply(seq_along(lf$reTrms$cnms), function(i)
    list(group = names(lf$reTrms$cnms)[i], columns = I(lf$reTrms$cnms[[i]])))
  list(formula = s, fixed = fixed_part(fo), bars = expanded, lme4_order = lme4_order)
})

out <- list(
  generated_by = "terms.R",
  r_version = paste(R.version$major, R.version$minor, sep = "."),
  lme4_version = as.character(packageVersion("lme4")),
  fixed = fixed,
  random = random
)
writeLines(toJSON(out, auto_unbox = TRUE, pretty = TRUE, null = "null"), "terms.json")
cat(sprintf("wrote terms.json: %d fixed, %d random formulas\n", length(fixed), length(random)))
