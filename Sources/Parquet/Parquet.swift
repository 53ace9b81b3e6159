// Parquet module
