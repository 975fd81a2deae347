# Reference rows for new data (prediction) with stateful transforms, from R 4.2 and lme4 1.1-31.
#
# Run from this folder:   Rscript new_data.R
# Writes new_data.json. For each model: the coefficients poly() and scale() learn on the training
# data (R's attr "coefs", "scaled:center", "scaled:scale", which makepredictcall puts into the
# terms' predvars), and the fixed-effects rows X and the random-effects rows z that lme4's predict
# machinery builds for a new table: model.frame on the predvars (training coefficients), the
# training factor levels (xlev) and contrasts, and lme4's rank-deficiency column drop. The C# tests
# read the file; they never run R.

suppressMessages({
  library(lme4)
  library(jsonlite)
})
invisible(Sys.setlocale("LC_COLLATE", "C"))

load_data <- function(name) read.csv(file.path("..", "data", paste0(name, ".csv")), na.strings = c("NA", ""))

# The learned state of every stateful call among the model's variables, keyed by its label.
learned_states <- function(fr) {
  states <- list()
  for (label in names(fr)) {
    v <- fr[[label]]
    if (!is.null(a <- attr(v, "coefs"))) states[[label]] <- list(alpha = I(a$alpha), norm2 = I(a$norm2))
    if (!is.null(attr(v, "scaled:center")) || !is.null(attr(v, "scaled:scale")))
      states[[label]] <- list(center = attr(v, "scaled:center"), scale = attr(v, "scaled:scale"))
  }
  states
}

new_data_case <- function(data, formula, newdata) {
  d <- load_data(data)
  m <- lmer(as.formula(formula), d)
  X0 <- getME(m, "X")
  # As lme4's predict(allow.new.levels = TRUE): a row needs every variable of X and z; a missing
  # grouping value is like a new level (no random effect), so it does not drop the row.
  groups <- unique(unlist(lapply(findbars(formula(m)), function(b) all.vars(b[[3]]))))
  complete <- which(complete.cases(newdata[, setdiff(names(newdata), groups), drop = FALSE]))
  nd <- newdata[complete, , drop = FALSE]

  # Fixed effects as predict.merMod builds them: training levels, contrasts and dropped columns.
  tt <- delete.response(terms(m, fixed.only = TRUE))
  mf <- suppressWarnings(model.frame(tt, nd, xlev = lme4:::get.orig.levs(m)))
  X <- model.matrix(tt, mf, contrasts.arg = attr(X0, "contrasts"))
  X <- X[, colnames(X0), drop = FALSE]

  # Random effects: the random part's predvars (training coefficients), then mkReTrms.
  rt <- delete.response(terms(m, random.only = TRUE))
  # mkReTrms refuses a missing level: mark it, and write it as "<missing>" below.
  nd_re <- nd
  for (g in groups) nd_re[[g]] <- ifelse(is.na(nd_re[[g]]), "<missing>", as.character(nd_re[[g]]))
  rfd <- model.frame(rt, nd_re, na.action = na.pass)
  re <- mkReTrms(findbars(formula(m, random.only = TRUE)), rfd)
  random <- lapply(seq_along(re$cnms), function(t) {
    k <- length(re$cnms[[t]])
    zt <- as.matrix(re$Ztlist[[t]])
    f <- re$flist[[names(re$cnms)[t]]]
    codes <- as.integer(f)
    list(
      group = names(re$cnms)[t],
      columns = I(re$cnms[[t]]),
      levels = I(as.character(f)),
      z = lapply(seq_along(codes), function(i) I(unname(zt[(codes[i] - 1) * k + seq_len(k), i])))
    )
  })

  list(
    data = data,
    formula = formula,
    newdata = lapply(newdata, function(col) I(if (is.numeric(col)) col else as.character(col))),
    learned = learned_states(m@frame),
    rows = I(complete),
    fixed = list(columns = I(colnames(X)), rows = lapply(seq_len(nrow(X)), function(i) I(unname(X[i, ])))),
    random = random
  )
}

sleep_new <- data.frame(
  Days = c(0, 4.5, 9, 10, -1, 2, NA, 3),
  Subject = c(308, 309, 308, 999, 372, 330, 308, NA)
)
orthodont_new <- data.frame(
  age = c(8, 11, 14, 16, 9.5),
  Subject = c("F01", "F02", "F11", "X99", "F05"),
  Sex = c("Female", "Female", "Female", "Female", "Female")
)

cases <- list(
  new_data_case("sleepstudy", "Reaction ~ poly(Days, 2) + (poly(Days, 2) | Subject)", sleep_new),
  new_data_case("sleepstudy", "Reaction ~ scale(Days) + (scale(Days) | Subject)", sleep_new),
  new_data_case("sleepstudy", "Reaction ~ poly(Days, degree = 3, raw = TRUE) + (0 + scale(Days, center = FALSE) | Subject)", sleep_new),
  new_data_case("Orthodont", "distance ~ poly(age, 2) * Sex + scale(age, scale = FALSE) + (scale(age, scale = FALSE) | Subject)", orthodont_new)
)

writeLines(toJSON(list(r_version = R.version.string, lme4 = as.character(packageVersion("lme4")), cases = cases),
                  auto_unbox = TRUE, digits = NA, pretty = TRUE, na = "string", null = "null"),
           "new_data.json")
