#include "state/util/x509_refusal.hpp"

#include <openssl/x509_vfy.h>

namespace alignctl {

X509Refusal classify_x509_error(long verify_error) {
  switch (verify_error) {
  case X509_V_ERR_CERT_HAS_EXPIRED:
    return X509Refusal::Expired;
  case X509_V_ERR_CERT_NOT_YET_VALID:
    return X509Refusal::NotYetValid;
  case X509_V_ERR_HOSTNAME_MISMATCH:
  case X509_V_ERR_IP_ADDRESS_MISMATCH:
    return X509Refusal::HostMismatch;
  case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
  case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
  case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
  case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
  case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
  case X509_V_ERR_CERT_UNTRUSTED:
  case X509_V_ERR_CERT_SIGNATURE_FAILURE:
    return X509Refusal::Untrusted;
  default:
    return X509Refusal::Other;
  }
}

} // namespace alignctl
