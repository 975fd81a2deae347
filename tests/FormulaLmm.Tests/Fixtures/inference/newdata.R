# New data for the predict() fixtures: seen and unseen grouping levels, missing values, values
# outside the training range. Written as CSV (empty field = missing) by run_all.R.

newdata_sets <- function() {
  list(
    newdata_sleepstudy.csv = data.frame(
      Subject = c("308", "308", "372", "999", "999", NA, "309", "330"),
      Days = c(0, 4.5, 9, 3, NA, 5, 12, -1)),
    newdata_penicillin.csv = data.frame(
      plate = c("a", "x", "a", "x", NA, "m"),
      sample = c("A", "A", "Z", "Z", "B", NA)),
    newdata_pastes.csv = data.frame(
      batch = c("A", "A", "Z", "B", "Z", NA),
      cask = c("a", "d", "a", "c", "d", "b")),
    newdata_machines.csv = data.frame(
      Worker = c("1", "1", "7", "7", "3", NA),
      Machine = c("A", "C", "B", "C", "B", "A")),
    newdata_orthodont.csv = data.frame(
      Subject = c("M01", "F01", "M99", "F99", "M02", "F02"),
      Sex = c("Male", "Female", "Male", "Female", NA, "Female"),
      age = c(8, 14, 11, 9, 10, NA)),
    newdata_cake.csv = data.frame(
      recipe = c("A", "B", "C", "A", "C"),
      replicate = c("1", "15", "16", "16", "2"),
      temperature = c("175", "205", "225", "195", NA)),
    newdata_missing.csv = data.frame(
      g = c("m01", "m05", "m99", NA, "m10", "m12"),
      f = c("lo", "hi", "mid", "lo", NA, "mid"),
      x = c(4, 2.5, 6, 3, 5, NA),
      z = c(0, 0, 0, 0, 0, 0)),
    newdata_crossnest.csv = data.frame(
      site = c("site01", "site01", "site09", "site02", "site03"),
      plot = c("p1", "p9", "p1", "p2", "p3"),
      rater = c("r01", "r02", "r03", "r09", "r05"),
      trt = c("A", "B", "C", "A", "C"),
      x = c(0, 1.5, 2, 3.9, 6)),
    newdata_transforms.csv = data.frame(
      g = c("t01", "t02", "t99", "t05", "t07", "t03"),
      f = c("u", "v", "w", "u", NA, "w"),
      x = c(1, 5, 9, 12, 4, 0),
      z = c(50, 30, 70, 50, 45, NA)),
    # an unseen level of the fixed-effect factor f: R refuses
    newdata_transforms_badlevel.csv = data.frame(
      g = c("t01", "t02"), f = c("u", "q"), x = c(3, 4), z = c(50, 51))
  )
}

write_newdata <- function(dir = ".") {
  sets <- newdata_sets()
  for (nm in names(sets)) write.csv(sets[[nm]], file.path(dir, nm), row.names = FALSE, na = "")
}
