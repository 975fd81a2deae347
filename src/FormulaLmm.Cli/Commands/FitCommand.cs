using FormulaLmm.Data;
using FormulaLmm.Diagnostics;
using FormulaLmm.Fitting;
using FormulaLmm.Results;

namespace FormulaLmm.Cli.Commands;

/// <summary>formula-lmm fit: fits a linear mixed model and prints lme4's summary or the fit as JSON.</summary>
public sealed class FitCommand : ICliCommand
{
    public string Name => "fit";
    public string Summary => "fit a linear mixed model (REML or ML) and print lme4's summary or JSON";
    public string Help => $$$"""
        Usage: formula-lmm fit "<formula>" {{{DataArguments.Usage}}} [--ml] [--json] [--verbose]

        Fits a linear mixed model written in lme4's formula language by REML (the default, as
        lme4) or maximum likelihood, and prints a summary laid out like lme4's summary(): REML
        criterion or AIC/BIC/logLik/deviance, scaled residuals, random effects (variances, SDs,
        correlations), fixed effects (estimates, standard errors, t values) and their
        correlations, followed by standard errors of the variance components and the fit's
        messages (singular fit, dropped columns, convergence). Rows with a missing value in a
        variable of the model are left out, as lme4 does. Errors in the formula, the data or the
        model exit 2 with the culprit marked.

        Options:
        {{{DataArguments.OptionsHelp}}}
          --ml          maximum likelihood instead of REML (lme4's REML = FALSE)
          --json        print the fit as JSON: formula, method, nobs, fixef [{name, estimate,
                        se, t}], sigma, theta, objective (REML criterion or deviance), loglik,
                        aic, bic, varcorr [{group, name1, name2, variance, sd | covariance,
                        corr}], blups [{group, term, level, value, condsd}], singular,
                        converged, evaluations, fit_seconds, then df_resid, vcov,
                        omitted_rows, dropped_columns, theta_names, variance_component_se,
                        gradient, diagnostics
          --verbose     print "eval N objective X" on stderr after every evaluation (on a
                        terminal, progress is shown on one line anyway)

        Examples:
          formula-lmm fit "Reaction ~ Days + (Days | Subject)" --data sleepstudy
          formula-lmm fit "Reaction ~ Days + (Days | Subject)" --data sleepstudy --ml --json
          formula-lmm fit "strength ~ 1 + (1 | batch/cask)" --data Pastes
          formula-lmm fit "y ~ trt + (1 | center/patient)" --data trial.csv --factor center,patient

        """;

    public int Run(CommandArguments args, TextWriter stdout, TextWriter stderr)
    {
        bool json = args.Flag("json");
        bool ml = args.Flag("ml");
        bool verbose = args.Flag("verbose");
        var data = DataArguments.Read(args);
        args.EnsureAllRead();
        var formula = args.Single("formula");
        var table = data.Load();

        LmmFit fit;
        using (var progress = ProgressReporter.Create(stderr, verbose))
            fit = Lmm.Fit(formula, table, new LmmOptions { Reml = !ml, Progress = progress is null ? null : progress.Report });

        // Notes and warnings from building the model (e.g. rows omitted) go to stderr beside the
        // summary; the JSON carries them in "diagnostics", so stderr stays empty for JSON readers.
        if (!json) stderr.Write(DiagnosticRenderer.RenderAll(fit.Design.Diagnostics, formula));
        stdout.Write(json ? FitJson.Write(fit) : LmmSummary.Format(fit, DataLabel(data, table)));
        return ExitCodes.Success;
    }

    /// <summary>What lme4 would print after "Data:": the data set's name, or the file as given.</summary>
    internal static string DataLabel(DataRequest data, Table table) =>
        File.Exists(data.Source) ? data.Source : table.Name ?? data.Source;
}
