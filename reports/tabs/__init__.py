"""The output tabs: each module turns figures into one `OutputTab`, and computes nothing else."""
