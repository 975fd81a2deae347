using FormulaLmm.Bench;

return BenchProgram.Run(args);
