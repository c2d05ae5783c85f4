"""The standards catalogue a finding can engage (UNGPs, VPSHR)."""
