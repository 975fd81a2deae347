# Reference design matrices from R 4.2 and lme4 1.1-31 for the Design conformance tests.
#
# Run from this folder:   Rscript design.R
# Writes toy.csv (a small made-up data set with missing values, factors, an ordered factor and a
# logical), model_matrix.json (R's model.matrix for fixed-effects formulas, with lme4's
# rank-deficiency column drop) and lformula.json (lme4's lFormula: X, Zt, cnms, flist, theta,
# lower, Lind). The C# tests read these files; they never run R.
#
# Data sets are read with read.csv, as the C# CSV reader reads them; string levels are sorted
# in the C locale (ordinal), which is the order FormulaLmm gives to categorical columns.

suppressMessages({
  library(lme4)
  library(jsonlite)
})
invisible(Sys.setlocale("LC_COLLATE", "C"))

data_dir <- file.path("..", "data")

# How each data set is typed: columns declared categorical (factor), or ordered with a level order.
schemas <- list(
  sleepstudy = list(file = "data/sleepstudy.csv", factors = character(), ordered = list()),
  Dyestuff = list(file = "data/Dyestuff.csv", factors = character(), ordered = list()),
  Penicillin = list(file = "data/Penicillin.csv", factors = character(), ordered = list()),
  Pastes = list(file = "data/Pastes.csv", factors = character(), ordered = list()),
  Machines = list(file = "data/Machines.csv", factors = c("Worker"), ordered = list()),
  Orthodont = list(file = "data/Orthodont.csv", factors = character(), ordered = list()),
  cake = list(file = "data/cake.csv", factors = c("replicate"),
              ordered = list(temperature = c("175", "185", "195", "205", "215", "225"))),
  toy = list(file = "design/toy.csv", factors = character(),
             ordered = list(o = c("low", "mid", "high", "top")))
)

# The made-up data set: 16 rows with NA in y, x, a and L; an unused level appears only in a
# row that is dropped for NA elsewhere ("zzz" in a, row 16).
toy <- data.frame(
  y = c(4.1, 5.3, NA, 6.8, 7.2, 3.9, 5.5, 6.1, 8.4, 7.7, 4.8, 6.6, 5.9, 7.1, 6.3, 5.0),
  x = c(1.5, 2.0, 2.5, NA, 3.5, 0.5, 1.0, 4.0, 4.5, 3.0, 2.2, 1.8, 3.3, 2.8, 0.9, NA),
  z = c(2.3, 1.1, 3.7, 0.8, 4.2, 2.9, 1.6, 3.1, 0.6, 2.2, 3.8, 1.9, 2.7, 3.4, 1.2, 2.5),
  a = c("lo", "hi", "mid", "hi", "lo", "mid", NA, "hi", "lo", "mid", "hi", "lo", "mid", "lo", "hi", "zzz"),
  b = c("no", "yes", "no", "yes", "yes", "no", "no", "yes", "no", "yes", "yes", "no", "no", "yes", "yes", "no"),
  o = c("low", "mid", "high", "top", "mid", "low", "top", "high", "low", "mid", "high", "top", "low", "mid", "high", "top"),
  L = c(TRUE, FALSE, TRUE, TRUE, NA, FALSE, TRUE, FALSE, TRUE, FALSE, FALSE, TRUE, TRUE, FALSE, TRUE, TRUE),
  n = c(3, 1, 2, 3, 10, 1, 2, 3, 10, 1, 2, 3, 10, 1, 2, 3),
  g = c("g1", "g1", "g2", "g2", "g3", "g3", "g4", "g4", "g5", "g5", "g6", "g6", "g1", "g2", "g3", "g4"),
  stringsAsFactors = FALSE
)
write.csv(toy, "toy.csv", row.names = FALSE, na = "")

load_data <- function(name) {
  s <- schemas[[name]]
  # An empty field is missing in every column (read.csv alone would read "" in a text column).
  d <- read.csv(file.path("..", s$file), na.strings = c("NA", ""))
  for (f in s$factors) d[[f]] <- factor(d[[f]])
  for (o in names(s$ordered)) d[[o]] <- factor(as.character(d[[o]]), levels = s$ordered[[o]], ordered = TRUE)
  d
}

contrast_fun <- c(sum = "contr.sum", helmert = "contr.helmert", treatment = "contr.treatment", poly = "contr.poly")

columns_of <- function(X) lapply(seq_len(ncol(X)), function(j) I(unname(X[, j])))

model_matrix_case <- function(data, formula, contrasts = NULL) {
  d <- load_data(data)
  f <- as.formula(formula)
  mf <- model.frame(f, d, drop.unused.levels = TRUE)
  carg <- if (is.null(contrasts)) NULL else lapply(contrasts, function(k) contrast_fun[[k]])
  X <- model.matrix(f, mf, contrasts.arg = carg)
  X2 <- lme4:::chkRank.drop.cols(X, kind = "silent.drop.cols", tol = 1e-7)
  off <- model.offset(mf)
  list(
    data = data,
    formula = formula,
    contrasts = if (is.null(contrasts)) setNames(list(), character()) else contrasts,
    rows = I(as.integer(rownames(mf))),
    response = I(unname(as.vector(model.response(mf)))),
    columns = I(colnames(X)),
    values = columns_of(X),
    kept = I(colnames(X2)),
    dropped = I(if (is.null(attr(X2, "col.dropped"))) character() else names(attr(X2, "col.dropped"))),
    offset = if (is.null(off)) NULL else I(unname(off))
  )
}

fixed_cases <- list(
  list("sleepstudy", "Reaction ~ Days"),
  list("sleepstudy", "Reaction ~ 0 + Days"),
  list("sleepstudy", "Reaction ~ Days + I(Days^2)"),
  list("sleepstudy", "Reaction ~ poly(Days, 2)"),
  list("sleepstudy", "Reaction ~ poly(Days, 3)"),
  list("sleepstudy", "Reaction ~ poly(Days, degree = 2, raw = TRUE)"),
  list("sleepstudy", "log(Reaction) ~ log1p(Days) + sqrt(Days)"),
  list("sleepstudy", "Reaction ~ scale(Days)"),
  list("sleepstudy", "Reaction ~ factor(Days)"),
  list("sleepstudy", "Reaction ~ 0 + factor(Days)"),
  list("sleepstudy", "Reaction ~ Days * factor(Subject)"),
  list("sleepstudy", "Reaction ~ I(Days > 4)"),
  list("sleepstudy", "Reaction ~ exp(Days/10) + abs(Days - 4.5)"),
  list("sleepstudy", "Reaction ~ log(Days + 1, 2) + I(-Days)"),
  list("Orthodont", "distance ~ age * Sex"),
  list("Orthodont", "distance ~ age:Sex"),
  list("Orthodont", "distance ~ 0 + Sex + age:Sex"),
  list("Orthodont", "distance ~ Sex/age"),
  list("Orthodont", "distance ~ age %in% Sex"),
  list("Orthodont", "distance ~ poly(age, 2) * Sex"),
  list("Orthodont", "distance ~ I(age - 11) + Sex"),
  list("Machines", "score ~ Machine"),
  list("Machines", "score ~ 0 + Machine"),
  list("Machines", "score ~ Machine * Worker"),
  list("Machines", "score ~ Machine:Worker"),
  list("Penicillin", "diameter ~ plate + sample"),
  list("Penicillin", "diameter ~ sample - 1"),
  list("Pastes", "strength ~ batch"),
  list("Pastes", "strength ~ batch/cask"),
  list("Pastes", "strength ~ cask + sample"),
  list("cake", "angle ~ recipe * temperature"),
  list("cake", "angle ~ recipe + temperature"),
  list("cake", "angle ~ temp + I(temp^2) + recipe"),
  list("cake", "angle ~ 0 + temperature"),
  list("cake", "angle ~ recipe:temperature"),
  list("cake", "angle ~ poly(temp, 3) + recipe"),
  list("Dyestuff", "Yield ~ 1"),
  list("Dyestuff", "Yield ~ Batch"),
  list("toy", "y ~ x + a"),
  list("toy", "y ~ a * b"),
  list("toy", "y ~ o"),
  list("toy", "y ~ L"),
  list("toy", "y ~ 0 + L"),
  list("toy", "y ~ x:a"),
  list("toy", "y ~ a:b"),
  list("toy", "y ~ a * b - a"),
  list("toy", "y ~ 0 + x + a"),
  list("toy", "y ~ 0 + a + b"),
  list("toy", "y ~ factor(n) + x"),
  list("toy", "y ~ log(z) + I(x * z) + I(x^2)"),
  list("toy", "y ~ o + a:o"),
  list("toy", "y ~ (a + b + L)^2"),
  list("toy", "y ~ x + I(x > 2) + L:x"),
  list("toy", "y ~ poly(z, 2)"),
  list("toy", "y ~ a + x + I(2 * x)"),
  list("toy", "y ~ scale(x) + scale(z, center = FALSE)"),
  list("toy", "y ~ 0 + o + a"),
  list("toy", "y ~ a + offset(z)"),
  list("toy", "y ~ 0 + x:a + b"),
  list("toy", "y ~ a + a:b:L"),
  list("toy", "y ~ as.numeric(factor(a)) + pmax(x, 2) + pmin(z, x, 3)"),
  list("toy", "y ~ as.numeric(L) + as.integer(z) + ordered(n)"),
  list("toy", "y ~ I(a == \"lo\") + I(z %% 1) + I(z %/% 1) + sign(x - 2)"),
  list("toy", "y ~ a + b", list(a = "sum")),
  list("toy", "y ~ a * x", list(a = "helmert")),
  list("toy", "y ~ a", list(a = "poly")),
  list("toy", "y ~ o", list(o = "treatment")),
  list("Machines", "score ~ Machine", list(Machine = "sum")),
  list("cake", "angle ~ recipe * temperature", list(recipe = "helmert", temperature = "sum"))
)

model_matrix <- lapply(fixed_cases, function(c) model_matrix_case(c[[1]], c[[2]], if (length(c) > 2) c[[3]] else NULL))

# ---- lme4's lFormula ----

lformula_case <- function(data, formula) {
  d <- load_data(data)
  lf <- lFormula(as.formula(formula), d)
  re <- lf$reTrms
  Zt <- as(re$Zt, "TsparseMatrix")
  terms <- lapply(seq_along(re$cnms), function(t) {
    fname <- names(re$cnms)[t]
    list(group = fname, columns = I(re$cnms[[t]]), levels = I(levels(re$flist[[fname]])), nl = unname(re$nl[t]))
  })
  list(
    data = data,
    formula = formula,
    rows = I(as.integer(rownames(lf$fr))),
    fixed = list(columns = I(colnames(lf$X)), values = columns_of(lf$X),
                 dropped = I(if (is.null(attr(lf$X, "col.dropped"))) character() else names(attr(lf$X, "col.dropped")))),
    terms = terms,
    Gp = I(re$Gp),
    Zt = list(dim = I(dim(re$Zt)), i = I(Zt@i), j = I(Zt@j), x = I(Zt@x)),
    theta = I(re$theta),
    lower = I(re$lower),
    Lind = I(re$Lind)
  )
}

random_cases <- list(
  list("sleepstudy", "Reaction ~ Days + (Days | Subject)"),
  list("sleepstudy", "Reaction ~ Days + (1 | Subject) + (0 + Days | Subject)"),
  list("sleepstudy", "Reaction ~ Days + (Days || Subject)"),
  list("sleepstudy", "Reaction ~ poly(Days, 2) + (poly(Days, 2) | Subject)"),
  list("sleepstudy", "Reaction ~ Days + (I(Days > 4) | Subject)"),
  list("Dyestuff", "Yield ~ 1 + (1 | Batch)"),
  list("Penicillin", "diameter ~ 1 + (1 | plate) + (1 | sample)"),
  list("Penicillin", "diameter ~ 1 + (1 | sample) + (1 | plate)"),
  list("Pastes", "strength ~ 1 + (1 | batch/cask)"),
  list("Pastes", "strength ~ 1 + (1 | batch) + (1 | batch:cask)"),
  list("Pastes", "strength ~ (1 | cask:batch)"),
  list("Machines", "score ~ Machine + (Machine | Worker)"),
  list("Machines", "score ~ Machine + (1 | Worker) + (1 | Worker:Machine)"),
  list("Machines", "score ~ Machine + (0 + Machine | Worker)"),
  list("Orthodont", "distance ~ age * Sex + (age | Subject)"),
  list("Orthodont", "distance ~ age + (1 | Sex) + (1 + age | Subject)"),
  list("Orthodont", "distance ~ age + (1 | Sex) + (0 + age | Sex) + (1 | Subject)"),
  list("cake", "angle ~ recipe * temperature + (1 | recipe:replicate)"),
  list("cake", "angle ~ recipe + temp + (1 | replicate) + (1 | recipe:replicate)"),
  list("cake", "angle ~ temperature + (1 | replicate) + (0 + temperature | recipe)"),
  list("sleepstudy", "Reaction ~ Days + (Days | Subject) + (1 | Days)"),
  list("sleepstudy", "Reaction ~ Days + (Days + I(Days^2) | Subject)"),
  list("Pastes", "strength ~ (1 | batch/cask/sample)"),
  list("Machines", "score ~ Machine + (Machine || Worker)"),
  list("Orthodont", "distance ~ Sex + (Sex | Subject) + (1 | Sex:Subject)"),
  list("toy", "y ~ x + (1 | g)"),
  list("toy", "y ~ x + (x | g) + (1 | b)")
)

lformula <- lapply(random_cases, function(c) lformula_case(c[[1]], c[[2]]))

datasets <- lapply(schemas, function(s) list(file = s$file, factors = I(s$factors),
                                             ordered = if (length(s$ordered)) lapply(s$ordered, I) else setNames(list(), character())))

meta <- list(r = R.version.string, lme4 = as.character(packageVersion("lme4")))
writeLines(toJSON(list(generated_by = meta, datasets = datasets, cases = model_matrix),
                  auto_unbox = TRUE, digits = NA, null = "null", pretty = FALSE), "model_matrix.json")
writeLines(toJSON(list(generated_by = meta, datasets = datasets, cases = lformula),
                  auto_unbox = TRUE, digits = NA, null = "null", pretty = FALSE), "lformula.json")

# ---- orthogonal polynomials: poly() and contr.poly() to full precision ----
poly_inputs <- list(
  days = read.csv(file.path(data_dir, "sleepstudy.csv"))$Days,
  temp = read.csv(file.path(data_dir, "cake.csv"))$temp,
  uneven = c(0.1, 0.5, 2, 7, 7, 11.3, -4.2, 3.3),
  large = c(1001, 1002.5, 1010, 1003, 1020, 1007.25, 1001)
)
poly_cases <- list(list("days", 3), list("temp", 4), list("uneven", 5), list("large", 3))
polynomials <- list(
  poly = lapply(poly_cases, function(c) {
    x <- poly_inputs[[c[[1]]]]
    list(x = I(x), degree = c[[2]], columns = columns_of(unclass(poly(x, c[[2]]))))
  }),
  contr_poly = lapply(2:8, function(n) list(n = n, columns = columns_of(contr.poly(n)), names = I(colnames(contr.poly(n)))))
)
# jsonlite writes at most 15 significant digits, enough for the 1e-12 comparisons.
writeLines(toJSON(polynomials, auto_unbox = TRUE, digits = NA, pretty = FALSE), "polynomials.json")
