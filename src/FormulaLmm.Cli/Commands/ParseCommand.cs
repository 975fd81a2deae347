using FormulaLmm.Diagnostics;
using FormulaLmm.Syntax;

namespace FormulaLmm.Cli.Commands;

/// <summary>formula-lmm parse: the canonical form of a formula, or its syntax errors.</summary>
public sealed class ParseCommand : ICliCommand
{
    public string Name => "parse";
    public string Summary => "check a formula's syntax and print its canonical form (or AST as JSON)";
    public string Help => """
        Usage: formula-lmm parse "<formula>" [--json]

        Parses an lme4-style formula. Prints the canonical formula on the first line of stdout and
        exits 0 (warnings, if any, go to stderr), or prints each syntax error with the formula and a
        caret under the culprit on stderr and exits 2. The canonical form is what R's deparse
        prints, and parsing it again gives the same formula.

        Options:
          --json    print the syntax tree as JSON (node kinds, operators, source spans)

        Examples:
          formula-lmm parse "Reaction ~ Days + (Days | Subject)"
          formula-lmm parse "y~x*f+(1|g/h)" --json

        """;

    public int Run(CommandArguments args, TextWriter stdout, TextWriter stderr)
    {
        bool json = args.Flag("json");
        args.EnsureAllRead();
        var text = args.Single("formula");
        var result = Formula.TryParse(text);
        stderr.Write(DiagnosticRenderer.RenderAll(result.Diagnostics, text));
        if (!result.Success) return ExitCodes.UserError;
        stdout.WriteLine(json ? SyntaxJson.Write(result.Syntax!) : FormulaPrinter.Print(result.Syntax!));
        return ExitCodes.Success;
    }
}
