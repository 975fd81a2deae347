# Produces the expected canonical forms of ValidFormulaTests and NumberFormatTests:
# R's deparse of each formula or literal (R 4.2.x). Usage: Rscript r-deparse.R lines.txt
# where lines.txt holds one formula or numeric literal per line.
args <- commandArgs(trailingOnly = TRUE)
for (line in readLines(args[[1]])) {
  value <- eval(parse(text = line)[[1]])
  cat(line, "\t", paste(deparse(value, width.cutoff = 500L), collapse = " "), "\n", sep = "")
}
