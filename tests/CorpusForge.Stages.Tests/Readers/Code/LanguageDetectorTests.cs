using CorpusForge.Stages.Readers.Code;

namespace CorpusForge.Stages.Tests.Readers.Code;

public class LanguageDetectorTests
{
    [Fact]
    public void CoversAtLeastFortyLanguages() => Assert.True(LanguageDetector.LanguageCount >= 40, $"{LanguageDetector.LanguageCount} languages");

    [Theory]
    [InlineData("a/b/main.py", "", "Python")]
    [InlineData("Main.java", "", "Java")]
    [InlineData("x.cs", "", "C#")]
    [InlineData("x.TS", "", "TypeScript")]
    [InlineData("x.tsx", "", "TSX")]
    [InlineData("lib.rs", "", "Rust")]
    [InlineData("run.sh", "", "Shell")]
    [InlineData("Makefile", "", "Makefile")]
    [InlineData("sub/Dockerfile", "", "Dockerfile")]
    [InlineData("Dockerfile.dev", "", "Dockerfile")]
    [InlineData("CMakeLists.txt", "", "CMake")]
    [InlineData("Gemfile", "", "Ruby")]
    [InlineData("x.h", "int add(int a, int b);", "C")]
    [InlineData("x.h", "namespace geo { class Point; }", "C++")]
    [InlineData("x.m", "#import <Foundation/Foundation.h>\n@interface A : NSObject", "Objective-C")]
    [InlineData("x.m", "function y = f(x)\n  y = x * 2;\nend", "MATLAB")]
    [InlineData("deploy", "#!/usr/bin/env bash\nset -e", "Shell")]
    [InlineData("tool", "#!/usr/bin/python3.12\nprint(1)", "Python")]
    [InlineData("tool", "#!/usr/bin/env -S node --max-old-space-size=4096\n", "JavaScript")]
    [InlineData("tool", "#! /bin/sh\n", "Shell")]
    [InlineData("notes", "just some words", null)]
    [InlineData("image.xyz", "", null)]
    public void Detects(string path, string head, string? expected) => Assert.Equal(expected, LanguageDetector.Detect(path, head));
}
