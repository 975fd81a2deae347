# Writes datasets.json: how R (4.2, lme4 1.1-31, nlme) types the embedded data sets.
# Per column: numeric (sum, first values) or factor (ordered?, levels in R's order, count per
# level, 0-based codes of the first rows). Run from this folder: Rscript datasets.R
suppressMessages({ library(lme4); library(nlme); library(jsonlite) })
sets <- list(sleepstudy = lme4::sleepstudy, Dyestuff = lme4::Dyestuff, Dyestuff2 = lme4::Dyestuff2,
             Penicillin = lme4::Penicillin, Pastes = lme4::Pastes, Machines = nlme::Machines,
             Orthodont = nlme::Orthodont, cake = lme4::cake, InstEval = lme4::InstEval)
first <- function(x) x[seq_len(min(20L, length(x)))]
describe <- function(cn, x) {
  if (is.factor(x))
    list(name = cn, kind = "categorical", ordered = is.ordered(x), levels = I(levels(x)),
         counts = I(as.integer(table(x))), first = I(first(as.integer(x)) - 1L))
  else
    list(name = cn, kind = "numeric", sum = sum(as.numeric(x)), first = I(first(as.numeric(x))))
}
out <- lapply(names(sets), function(n) {
  d <- as.data.frame(sets[[n]])
  list(name = n, rows = nrow(d), columns = lapply(names(d), function(cn) describe(cn, d[[cn]])))
})
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE), "datasets.json")
