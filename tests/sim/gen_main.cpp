// Placeholder until the generator lands (issue 2).
int main() {
  return 1;
}
