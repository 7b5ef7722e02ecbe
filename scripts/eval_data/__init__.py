"""Helpers of scripts/build_eval_data.py: one module per evaluation data set, plus shared code."""
