#!/usr/bin/python3
"""PyTorch reference for `corpusforge train --bench`: the same model (tied embeddings, rotary positions, RMSNorm,
SwiGLU, no biases, SDPA causal attention; or GPT-2 small for gpt2-124m), the same AdamW groups, clipping and random
tokens, timed the same way (warm-up steps untimed). Run with Debian's interpreter and python3-torch:

    /usr/bin/python3 scripts/bench-torch-reference.py --preset tiny --batch 8 --steps 20 --threads 2

Prints one line: ms/step, tokens/s and peak RSS (ru_maxrss)."""
import argparse, math, resource, time
import torch
import torch.nn as nn
import torch.nn.functional as F

PRESETS = {  # layers, heads, width, context, rotary/rmsnorm/swiglu (else learned/layernorm/gelu with biases)
    "tiny": (2, 2, 64, 64, True),
    "mini": (6, 6, 384, 256, True),
    "gpt2-124m": (12, 12, 768, 1024, False),
}


class RmsNorm(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(width))

    def forward(self, x):
        x32 = x.float()
        return (x32 * torch.rsqrt(x32.pow(2).mean(-1, keepdim=True) + 1e-5) * self.weight.float()).to(x.dtype)


class Block(nn.Module):
    def __init__(self, width, heads, modern):
        super().__init__()
        self.heads, self.modern = heads, modern
        norm = (lambda: RmsNorm(width)) if modern else (lambda: nn.LayerNorm(width))
        self.ln_1, self.ln_2 = norm(), norm()
        self.c_attn = nn.Linear(width, 3 * width, bias=not modern)
        self.attn_proj = nn.Linear(width, width, bias=not modern)
        hidden = (8 * width // 3 + 63) // 64 * 64 if modern else 4 * width
        self.c_fc = nn.Linear(width, (2 if modern else 1) * hidden, bias=not modern)
        self.mlp_proj = nn.Linear(hidden, width, bias=not modern)

    def rotate(self, x, cos, sin):
        half = x.shape[-1] // 2
        x1, x2 = x[..., :half], x[..., half:]
        return torch.cat([x1 * cos - x2 * sin, x2 * cos + x1 * sin], -1)

    def forward(self, x):
        b, t, c = x.shape
        qkv = self.c_attn(self.ln_1(x)).view(b, t, 3, self.heads, c // self.heads).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        if self.modern:
            half = c // self.heads // 2
            freq = 10000.0 ** (-torch.arange(0, half, dtype=torch.float32, device=x.device) / half)
            angles = torch.outer(torch.arange(t, dtype=torch.float32, device=x.device), freq)
            cos, sin = angles.cos().to(q.dtype), angles.sin().to(q.dtype)
            q, k = self.rotate(q, cos, sin), self.rotate(k, cos, sin)
        if hasattr(F, "scaled_dot_product_attention"):
            y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        else:  # Debian 12's torch 1.13 predates SDPA: the same causal attention, spelled out
            scores = (q @ k.transpose(-2, -1)) / math.sqrt(q.shape[-1])
            scores = scores.masked_fill(torch.ones(t, t, dtype=torch.bool, device=x.device).triu(1), float("-inf"))
            y = scores.softmax(-1) @ v
        x = x + self.attn_proj(y.transpose(1, 2).contiguous().view(b, t, c))
        h = self.c_fc(self.ln_2(x))
        if self.modern:
            g, u = h.chunk(2, -1)
            h = F.silu(g) * u
        else:
            h = F.gelu(h, approximate="tanh")
        return x + self.mlp_proj(h)


class Gpt(nn.Module):
    def __init__(self, vocab, layers, heads, width, context, modern):
        super().__init__()
        self.wte = nn.Embedding(vocab, width)
        self.wpe = None if modern else nn.Embedding(context, width)
        self.h = nn.ModuleList(Block(width, heads, modern) for _ in range(layers))
        self.ln_f = RmsNorm(width) if modern else nn.LayerNorm(width)

    def forward(self, idx):
        x = self.wte(idx)
        if self.wpe is not None:
            x = x + self.wpe(torch.arange(idx.shape[1], device=idx.device))
        for block in self.h:
            x = block(x)
        return F.linear(self.ln_f(x), self.wte.weight)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--preset", default="tiny", choices=PRESETS)
    p.add_argument("--vocab", type=int, default=50257)
    p.add_argument("--batch", type=int, default=8)
    p.add_argument("--steps", type=int, default=20)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--threads", type=int, default=0)
    p.add_argument("--device", default="cpu", help="cpu or cuda")
    p.add_argument("--bf16", action="store_true", help="autocast the forward to bf16 (fp32 master weights), as nanoGPT")
    a = p.parse_args()
    if a.threads:
        torch.set_num_threads(a.threads)
    layers, heads, width, context, modern = PRESETS[a.preset]
    vocab = (a.vocab + 63) // 64 * 64
    torch.manual_seed(1)
    model = Gpt(vocab, layers, heads, width, context, modern)
    with torch.no_grad():  # GPT-2 initialisation, as GptModel
        for name, q in model.named_parameters():
            if name.endswith(".bias"):
                q.zero_()
            elif q.dim() >= 2:
                q.normal_(0, 0.02 / math.sqrt(2 * layers) if name.endswith("proj.weight") else 0.02)
    model.to(a.device)
    params = list(model.parameters())
    groups = [{"params": [q for q in params if q.dim() >= 2], "weight_decay": 0.1},
              {"params": [q for q in params if q.dim() < 2], "weight_decay": 0.0}]
    opt = torch.optim.AdamW(groups, lr=6e-4, betas=(0.9, 0.95), eps=1e-8)

    def step():
        tokens = torch.randint(0, a.vocab, (a.batch, context + 1)).to(a.device)
        opt.zero_grad(set_to_none=True)
        with torch.autocast(device_type=a.device, dtype=torch.bfloat16, enabled=a.bf16):
            logits = model(tokens[:, :-1])
        loss = F.cross_entropy(logits.reshape(-1, vocab).float(), tokens[:, 1:].reshape(-1))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        return loss.item()

    sync = torch.cuda.synchronize if a.device == "cuda" else (lambda: None)
    for _ in range(a.warmup):
        first = step()
    sync()
    start, cpu_start = time.perf_counter(), time.process_time()
    for _ in range(a.steps):
        last = step()
    sync()
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    n = sum(q.numel() for q in params)
    tokens_per_s = a.batch * context * a.steps / seconds
    mfu = ""
    if a.device == "cuda":  # PaLM FLOPs estimate, H100/H200 bf16 dense peak 989 TFLOP/s (as the .NET trainer)
        mfu = f", MFU {100 * (6 * n + 12 * layers * width * context) * tokens_per_s / 989e12:.1f}%"
    print(f"pytorch {torch.__version__} {a.preset} on {a.device}{' bf16' if a.bf16 else ''}{mfu}: {n / 1e6:.2f}M params, batch {a.batch}x{context}, {torch.get_num_threads()} thread(s): "
          f"{1000 * seconds / a.steps:.1f} ms/step (CPU time {1000 * cpu / a.steps:.1f} ms/step), {a.batch * context * a.steps / seconds:,.0f} tokens/s, "
          f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB, loss {first:.2f} -> {last:.2f}")


if __name__ == "__main__":
    main()
