using System.Buffers.Binary;
using System.Xml.Linq;
using FormulaLmm.Cli;

using static FormulaLmm.Tests.Cli.CliRunner;

namespace FormulaLmm.Tests.Cli;

/// <summary>formula-lmm plot: the files exist and are well-formed PNG or SVG of the announced size.</summary>
public class PlotCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("formula-lmm-plot-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>Checks the PNG signature and reads the size from the IHDR chunk.</summary>
    private static (int Width, int Height) PngSize(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 1000, $"{path} is only {bytes.Length} bytes");
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        Assert.Equal(13, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(8)));
        return (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
    }

    [Fact]
    public void CaterpillarPngHasOnePanelPerTermColumn()
    {
        var path = Path.Combine(_folder, "ranef.png");
        var (code, output, err) = Run("plot", "caterpillar", "Reaction ~ Days + (Days | Subject)", "--data", "sleepstudy", "--out", path);
        Assert.True(code == 0, err);
        Assert.Contains("2 panels", output);
        var (w, h) = PngSize(path);
        Assert.Equal(900, w);   // two panels side by side, 450 pixels each
        Assert.True(h >= 320);
    }

    [Fact]
    public void ResidualsSvgIsWellFormedXml()
    {
        var path = Path.Combine(_folder, "resid.svg");
        var (code, _, err) = Run("plot", "residuals", "Reaction ~ Days + (Days | Subject)", "--data", "sleepstudy", "--out", path, "--ml");
        Assert.True(code == 0, err);
        var svg = XDocument.Load(path).Root!;
        Assert.Equal("svg", svg.Name.LocalName);
        Assert.Equal("1000", svg.Attribute("width")!.Value);
        Assert.Equal("450", svg.Attribute("height")!.Value);
        // 180 residual points and 180 QQ points at least.
        Assert.True(svg.Descendants().Count() > 360);
        Assert.Contains("Normal Q-Q plot of scaled residuals", File.ReadAllText(path).Replace("&#x2D;", "-"));
    }

    [Fact]
    public void CaterpillarSvgAndSizeOptions()
    {
        var path = Path.Combine(_folder, "pastes.svg");
        var (code, output, err) = Run("plot", "caterpillar", "strength ~ 1 + (1 | batch/cask)", "--data", "Pastes", "--out", path,
            "--width", "800", "--height", "600");
        Assert.True(code == 0, err);
        Assert.Contains("2 panels, 800x600", output);
        var svg = XDocument.Load(path).Root!;
        Assert.Equal("800", svg.Attribute("width")!.Value);
        var png = Path.Combine(_folder, "pastes.png");
        Assert.Equal(0, Run("plot", "caterpillar", "strength ~ 1 + (1 | batch/cask)", "--data", "Pastes", "--out", png, "--width", "640").Code);
        Assert.Equal(640, PngSize(png).Width);
    }

    [Fact]
    public void UserErrorsExitTwoWithoutWritingAFile()
    {
        var path = Path.Combine(_folder, "x.png");
        Assert.Equal(2, Run("plot", "boxes", "Reaction ~ Days + (1 | Subject)", "--data", "sleepstudy", "--out", path).Code);
        Assert.Equal(2, Run("plot", "caterpillar", "Reaction ~ Days + (1 | Subject)", "--data", "sleepstudy", "--out", Path.Combine(_folder, "x.jpg")).Code);
        Assert.Equal(2, Run("plot", "caterpillar", "Reaction ~ Days + (1 | Subject)", "--data", "sleepstudy").Code);
        Assert.Equal(2, Run("plot", "caterpillar", "Reaction ~ Days + (1 | Subject)", "--data", "sleepstudy", "--out", path, "--width", "ten").Code);
        var (code, _, err) = Run("plot", "caterpillar", "Reaction ~ Dyas + (1 | Subject)", "--data", "sleepstudy", "--out", path);
        Assert.Equal(2, code);
        Assert.Contains("did you mean 'Days'", err);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void HelpShowsBothKindsAndExamples()
    {
        var (code, output, _) = Run("plot", "--help");
        Assert.Equal(0, code);
        Assert.Contains("caterpillar", output);
        Assert.Contains("residuals", output);
        Assert.Contains("Examples:", output);
    }
}
