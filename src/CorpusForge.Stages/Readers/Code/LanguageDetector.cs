namespace CorpusForge.Stages.Readers.Code;

/// <summary>Names the programming language of a file from its file name, extension or shebang line.</summary>
/// <remarks>Language names follow GitHub Linguist's spelling (the names The Stack uses) so that outputs can be
/// compared with public code datasets. Order of evidence: exact file name, extension, shebang. Ambiguous
/// extensions are settled from content (<c>.h</c>: C++ when the header uses C++ syntax; <c>.m</c>: Objective-C or
/// MATLAB).</remarks>
public static class LanguageDetector
{
    private static readonly Dictionary<string, string> ByFileName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Makefile"] = "Makefile", ["GNUmakefile"] = "Makefile", ["makefile"] = "Makefile",
        ["Dockerfile"] = "Dockerfile", ["Containerfile"] = "Dockerfile",
        ["CMakeLists.txt"] = "CMake",
        ["Rakefile"] = "Ruby", ["Gemfile"] = "Ruby", ["Podfile"] = "Ruby", ["Vagrantfile"] = "Ruby",
        ["Jenkinsfile"] = "Groovy",
        ["BUILD"] = "Starlark", ["BUILD.bazel"] = "Starlark", ["WORKSPACE"] = "Starlark",
        [".bashrc"] = "Shell", [".bash_profile"] = "Shell", [".zshrc"] = "Shell", [".profile"] = "Shell",
        ["meson.build"] = "Meson", ["go.mod"] = "Go Module",
    };

    private static readonly Dictionary<string, string> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".c"] = "C", [".h"] = "C",
        [".cc"] = "C++", [".cpp"] = "C++", [".cxx"] = "C++", [".c++"] = "C++", [".hpp"] = "C++", [".hh"] = "C++", [".hxx"] = "C++", [".ipp"] = "C++",
        [".cs"] = "C#", [".csx"] = "C#",
        [".java"] = "Java",
        [".js"] = "JavaScript", [".mjs"] = "JavaScript", [".cjs"] = "JavaScript", [".jsx"] = "JavaScript",
        [".ts"] = "TypeScript", [".mts"] = "TypeScript", [".cts"] = "TypeScript", [".tsx"] = "TSX",
        [".py"] = "Python", [".pyi"] = "Python", [".pyw"] = "Python",
        [".ipynb"] = "Jupyter Notebook",
        [".go"] = "Go",
        [".rs"] = "Rust",
        [".rb"] = "Ruby", [".gemspec"] = "Ruby", [".rake"] = "Ruby",
        [".php"] = "PHP",
        [".swift"] = "Swift",
        [".kt"] = "Kotlin", [".kts"] = "Kotlin",
        [".scala"] = "Scala", [".sc"] = "Scala",
        [".sh"] = "Shell", [".bash"] = "Shell", [".zsh"] = "Shell", [".ksh"] = "Shell",
        [".fish"] = "fish",
        [".ps1"] = "PowerShell", [".psm1"] = "PowerShell", [".psd1"] = "PowerShell",
        [".bat"] = "Batchfile", [".cmd"] = "Batchfile",
        [".pl"] = "Perl", [".pm"] = "Perl", [".t"] = "Perl",
        [".lua"] = "Lua",
        [".r"] = "R",
        [".jl"] = "Julia",
        [".hs"] = "Haskell", [".lhs"] = "Haskell",
        [".ml"] = "OCaml", [".mli"] = "OCaml",
        [".fs"] = "F#", [".fsi"] = "F#", [".fsx"] = "F#",
        [".ex"] = "Elixir", [".exs"] = "Elixir",
        [".erl"] = "Erlang", [".hrl"] = "Erlang",
        [".clj"] = "Clojure", [".cljs"] = "Clojure", [".cljc"] = "Clojure", [".edn"] = "Clojure",
        [".dart"] = "Dart",
        [".mm"] = "Objective-C++",
        [".sql"] = "SQL",
        [".html"] = "HTML", [".htm"] = "HTML", [".xhtml"] = "HTML",
        [".css"] = "CSS", [".scss"] = "SCSS", [".sass"] = "Sass", [".less"] = "Less",
        [".xml"] = "XML", [".xsd"] = "XML", [".csproj"] = "XML", [".props"] = "XML", [".targets"] = "XML", [".svg"] = "SVG",
        [".xsl"] = "XSLT", [".xslt"] = "XSLT",
        [".json"] = "JSON", [".jsonc"] = "JSON with Comments",
        [".yaml"] = "YAML", [".yml"] = "YAML",
        [".toml"] = "TOML",
        [".ini"] = "INI", [".cfg"] = "INI",
        [".md"] = "Markdown", [".markdown"] = "Markdown",
        [".rst"] = "reStructuredText",
        [".tex"] = "TeX", [".sty"] = "TeX", [".cls"] = "TeX",
        [".cmake"] = "CMake",
        [".mk"] = "Makefile",
        [".groovy"] = "Groovy", [".gradle"] = "Groovy",
        [".vb"] = "Visual Basic .NET",
        [".f"] = "Fortran", [".f90"] = "Fortran", [".f95"] = "Fortran", [".f03"] = "Fortran", [".for"] = "Fortran",
        [".asm"] = "Assembly", [".s"] = "Assembly", [".nasm"] = "Assembly",
        [".zig"] = "Zig",
        [".nim"] = "Nim",
        [".vue"] = "Vue", [".svelte"] = "Svelte",
        [".proto"] = "Protocol Buffer",
        [".graphql"] = "GraphQL", [".gql"] = "GraphQL",
        [".sol"] = "Solidity",
        [".v"] = "Verilog", [".sv"] = "SystemVerilog", [".vhd"] = "VHDL", [".vhdl"] = "VHDL",
        [".elm"] = "Elm",
        [".cr"] = "Crystal",
        [".d"] = "D",
        [".pas"] = "Pascal", [".pp"] = "Pascal",
        [".cob"] = "COBOL", [".cbl"] = "COBOL",
        [".lisp"] = "Common Lisp", [".lsp"] = "Common Lisp", [".el"] = "Emacs Lisp",
        [".scm"] = "Scheme", [".ss"] = "Scheme", [".rkt"] = "Racket",
        [".tf"] = "HCL", [".hcl"] = "HCL",
        [".nix"] = "Nix",
        [".pro"] = "Prolog",
        [".ada"] = "Ada", [".adb"] = "Ada", [".ads"] = "Ada",
        [".cu"] = "Cuda", [".cuh"] = "Cuda",
        [".glsl"] = "GLSL", [".hlsl"] = "HLSL",
        [".txt"] = "Text",
        [".csv"] = "CSV", [".tsv"] = "TSV",
    };

    private static readonly Dictionary<string, string> ByInterpreter = new(StringComparer.Ordinal)
    {
        ["python"] = "Python", ["python2"] = "Python", ["python3"] = "Python", ["pypy"] = "Python", ["pypy3"] = "Python",
        ["node"] = "JavaScript", ["nodejs"] = "JavaScript", ["deno"] = "TypeScript", ["ts-node"] = "TypeScript",
        ["sh"] = "Shell", ["bash"] = "Shell", ["zsh"] = "Shell", ["ksh"] = "Shell", ["dash"] = "Shell", ["fish"] = "fish",
        ["ruby"] = "Ruby", ["perl"] = "Perl", ["php"] = "PHP", ["lua"] = "Lua", ["Rscript"] = "R",
        ["julia"] = "Julia", ["pwsh"] = "PowerShell", ["groovy"] = "Groovy", ["scala"] = "Scala",
        ["runhaskell"] = "Haskell", ["ocaml"] = "OCaml", ["elixir"] = "Elixir", ["escript"] = "Erlang",
        ["awk"] = "Awk", ["gawk"] = "Awk", ["tclsh"] = "Tcl", ["make"] = "Makefile",
    };

    /// <summary>Number of distinct language names this detector can return.</summary>
    public static int LanguageCount =>
        ByFileName.Values.Concat(ByExtension.Values).Concat(ByInterpreter.Values).Append("Objective-C").Append("MATLAB").Distinct().Count();

    /// <summary>The language of <paramref name="path"/>, or null when unknown. <paramref name="head"/> is the start of
    /// the file's text (a few hundred characters), used for shebangs and ambiguous extensions.</summary>
    public static string? Detect(string path, ReadOnlySpan<char> head)
    {
        var name = System.IO.Path.GetFileName(path);
        if (ByFileName.TryGetValue(name, out var byName)) return byName;
        if (name.StartsWith("Dockerfile.", StringComparison.OrdinalIgnoreCase)) return "Dockerfile";
        var extension = System.IO.Path.GetExtension(name);
        if (extension.Equals(".m", StringComparison.OrdinalIgnoreCase))
            return head.Contains("@interface", StringComparison.Ordinal) || head.Contains("#import", StringComparison.Ordinal)
                   || head.Contains("@implementation", StringComparison.Ordinal) ? "Objective-C" : "MATLAB";
        if (extension.Equals(".h", StringComparison.OrdinalIgnoreCase) && LooksLikeCpp(head)) return "C++";
        if (extension.Length > 0 && ByExtension.TryGetValue(extension, out var byExtension)) return byExtension;
        return FromShebang(head);
    }

    /// <summary>The language named by a <c>#!</c> line (<c>#!/usr/bin/env python3</c>, <c>#!/bin/sh</c>), or null.</summary>
    public static string? FromShebang(ReadOnlySpan<char> head)
    {
        if (!head.StartsWith("#!")) return null;
        var end = head.IndexOf('\n');
        var line = (end < 0 ? head : head[..end]).ToString().TrimEnd('\r')[2..].Trim();
        var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0) return null;
        var program = System.IO.Path.GetFileName(parts[0]);
        if (program == "env")
        {
            program = parts.Skip(1).FirstOrDefault(p => !p.StartsWith('-') && !p.Contains('=')) ?? "";
        }

        if (ByInterpreter.TryGetValue(program, out var language)) return language;
        // Versioned interpreters: python3.12, ruby2.7, perl5.
        var trimmed = program.TrimEnd('.', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9');
        return ByInterpreter.GetValueOrDefault(trimmed);
    }

    private static bool LooksLikeCpp(ReadOnlySpan<char> head) =>
        head.Contains("namespace ", StringComparison.Ordinal) || head.Contains("template<", StringComparison.Ordinal)
        || head.Contains("template <", StringComparison.Ordinal) || head.Contains("class ", StringComparison.Ordinal)
        || head.Contains("std::", StringComparison.Ordinal) || head.Contains("#include <iostream>", StringComparison.Ordinal);
}
