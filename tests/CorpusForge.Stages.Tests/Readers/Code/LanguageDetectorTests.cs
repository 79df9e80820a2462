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
    [InlineData("x.h", "/* the word class in a comment; int count; */\nint f(void);", "C")]
    [InlineData("x.h", "#ifndef A_H\n#define A_H\n#include <stdio.h>\ntypedef struct { int x; } A;\n#endif\n", "C")]
    [InlineData("x.h", "#include <vector>\nint f();", "C++")]
    [InlineData("x.h", "#pragma once\ntemplate <typename T> T twice(T x);", "C++")]
    [InlineData("x.h", "struct A {\npublic:\n  int x;\n};", "C++")]
    [InlineData("x.h", "int f(std::string s);", "C++")]
    [InlineData("x.h", "#import <Foundation/Foundation.h>\nint f(void);", "Objective-C")]
    [InlineData("x.h", "@interface Thing : NSObject\n@end", "Objective-C")]
    [InlineData("tests/all.tcl", "", "Tcl")]
    [InlineData("include/c++/12/any", "// <any> -*- C++ -*-\n\n// Copyright (C) 2014-2022 Free Software Foundation, Inc.", "C++")]
    [InlineData("bits/concept_check.h", "// Concept-checking control -*- C++ -*-\nint x;", "C++")]
    [InlineData("setup.h", "/* -*- mode: c; tab-width: 4 -*- */\nclass_t x;\nnamespace y;", "C")]
    [InlineData("script", "echo hi\n# vim: set ft=sh:", "Shell")]
    [InlineData("runtests", "#!/usr/bin/tclsh\nputs hi", "Tcl")]
    [InlineData("x.m", "#import <Foundation/Foundation.h>\n@interface A : NSObject", "Objective-C")]
    [InlineData("x.m", "function y = f(x)\n  y = x * 2;\nend", "MATLAB")]
    [InlineData("deploy", "#!/usr/bin/env bash\nset -e", "Shell")]
    [InlineData("tool", "#!/usr/bin/python3.12\nprint(1)", "Python")]
    [InlineData("tool", "#!/usr/bin/env -S node --max-old-space-size=4096\n", "JavaScript")]
    [InlineData("tool", "#! /bin/sh\n", "Shell")]
    [InlineData("notes", "just some words", null)]
    [InlineData("image.xyz", "", null)]
    public void Detects(string path, string head, string? expected) => Assert.Equal(expected, LanguageDetector.Detect(path, head));

    /// <summary>The language GitHub Linguist gives a file of each of 50 widely used languages, written from the facts of
    /// Linguist's <c>lib/linguist/languages.yml</c> (its <c>extensions</c>, <c>filenames</c> and <c>interpreters</c>
    /// lists, v7.22 as packaged by Debian in <c>ruby-github-linguist</c>) and <c>heuristics.yml</c> for <c>.h</c>.</summary>
    public static TheoryData<string, string, string> LinguistTopFifty => new()
    {
        { "app.js", "", "JavaScript" }, { "lib.mjs", "", "JavaScript" }, { "main.py", "", "Python" }, { "A.java", "", "Java" },
        { "x.ts", "", "TypeScript" }, { "view.tsx", "", "TSX" }, { "P.cs", "", "C#" }, { "a.cpp", "", "C++" }, { "a.cc", "", "C++" },
        { "a.hpp", "", "C++" }, { "a.c", "", "C" }, { "a.h", "int f(void);", "C" }, { "index.php", "", "PHP" }, { "run.sh", "", "Shell" },
        { "a.bash", "", "Shell" }, { "a.rb", "", "Ruby" }, { "Rakefile", "", "Ruby" }, { "main.go", "", "Go" }, { "Main.kt", "", "Kotlin" },
        { "App.swift", "", "Swift" }, { "lib.rs", "", "Rust" }, { "main.dart", "", "Dart" }, { "A.scala", "", "Scala" },
        { "a.m", "@implementation A\n@end", "Objective-C" }, { "a.mm", "", "Objective-C++" }, { "a.r", "", "R" }, { "a.pl", "", "Perl" },
        { "a.pm", "", "Perl" }, { "a.lua", "", "Lua" }, { "a.hs", "", "Haskell" }, { "a.ps1", "", "PowerShell" }, { "a.groovy", "", "Groovy" },
        { "build.gradle", "", "Gradle" }, { "a.ex", "", "Elixir" }, { "a.erl", "", "Erlang" }, { "a.clj", "", "Clojure" }, { "a.edn", "", "edn" },
        { "a.jl", "", "Julia" }, { "a.fs", "", "F#" }, { "a.ml", "", "OCaml" }, { "a.vb", "", "Visual Basic .NET" }, { "a.f", "", "Fortran" },
        { "a.f90", "", "Fortran Free Form" }, { "a.asm", "", "Assembly" }, { "a.s", "", "Unix Assembly" }, { "a.tex", "", "TeX" },
        { "a.html", "", "HTML" }, { "a.css", "", "CSS" }, { "a.scss", "", "SCSS" }, { "a.less", "", "Less" }, { "App.vue", "", "Vue" },
        { "a.ipynb", "", "Jupyter Notebook" }, { "Makefile", "", "Makefile" }, { "rules.mk", "", "Makefile" }, { "Dockerfile", "", "Dockerfile" },
        { "CMakeLists.txt", "", "CMake" }, { "a.cmake", "", "CMake" }, { "a.tcl", "", "Tcl" }, { "a.el", "", "Emacs Lisp" },
        { "a.vim", "", "Vim Script" }, { ".vimrc", "", "Vim Script" }, { "a.bat", "", "Batchfile" }, { "a.cmd", "", "Batchfile" },
        { "a.sql", "", "SQL" }, { "README.md", "", "Markdown" }, { "a.yml", "", "YAML" }, { "a.json", "", "JSON" }, { "a.toml", "", "TOML" },
        { "a.xml", "", "XML" }, { "a.csproj", "", "XML" }, { "a.zig", "", "Zig" }, { "a.nim", "", "Nim" }, { "a.lisp", "", "Common Lisp" },
        { "a.scm", "", "Scheme" }, { "a.rkt", "", "Racket" }, { "a.cu", "", "Cuda" }, { "a.bzl", "", "Starlark" }, { "BUILD.bazel", "", "Starlark" },
        { "a.awk", "", "Awk" }, { "a.proto", "", "Protocol Buffer" }, { "a.sol", "", "Solidity" }, { "a.svelte", "", "Svelte" },
        { "a.coffee", "", "CoffeeScript" }, { "a.rst", "", "reStructuredText" }, { "a.ini", "", "INI" }, { "a.elm", "", "Elm" },
        { "go.mod", "", "Go Module" }, { "a.nix", "", "Nix" }, { "a.raku", "", "Raku" }, { "a.txt", "", "Text" },
        { "tool", "#!/usr/bin/env python3\n", "Python" }, { "tool", "#!/usr/bin/env node\n", "JavaScript" }, { "tool", "#!/bin/bash\n", "Shell" },
        { "tool", "#!/usr/bin/env ruby\n", "Ruby" }, { "tool", "#!/usr/bin/perl -w\n", "Perl" }, { "tool", "#!/usr/bin/env wish\n", "Tcl" },
    };

    [Theory]
    [MemberData(nameof(LinguistTopFifty))]
    public void AgreesWithLinguistOnTopLanguages(string path, string content, string expected) =>
        Assert.Equal(expected, LanguageDetector.Detect(path, content));

    [Fact]
    public void TopLanguageTableCoversFiftyLanguages() =>
        Assert.True(LinguistTopFifty.Select(row => (string)row[2]).Distinct().Count() >= 50);
}
