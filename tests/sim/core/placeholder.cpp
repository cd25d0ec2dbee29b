namespace alignctl::sim {
int placeholder() {
  return 0;
}
} // namespace alignctl::sim
