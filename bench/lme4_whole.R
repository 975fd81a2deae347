# Whole-process counterpart of `formula-lmm fit ... --json`: R starts, loads lme4, reads the CSV
# with read.csv, makes the listed columns factors and fits with lmer. Timed from outside
# (bench/run-vs-lme4.sh); prints the objective so the run can be checked.
# Usage: Rscript lme4_whole.R DATA.csv "FORMULA" REML|ML [factor,columns]
suppressMessages(library(lme4))
args <- commandArgs(TRUE)
d <- read.csv(args[1], stringsAsFactors = TRUE)
for (v in strsplit(if (length(args) > 3) args[4] else "", ",")[[1]]) d[[v]] <- factor(d[[v]])
fm <- lmer(as.formula(args[2]), d, REML = (args[3] == "REML"))
cat(sprintf("objective %.6f\n", if (args[3] == "REML") REMLcrit(fm) else deviance(fm)))
