// Placeholder until the simulator lands (issue 2).
int main() {
  return 1;
}
