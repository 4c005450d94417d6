#include <gtest/gtest.h>

#include "tests/engine/store_fixture.h"

namespace coopledger::test {
namespace {

class PersonalDataTest : public StoreTest {
 protected:
  events::PersonalData Lea() {
    events::PersonalData data;
    data.given_name = "Léa";
    data.family_name = "Martin";
    data.birth_date = Date::FromYmd(2008, 3, 14).value();
    data.address = "12 rue Blatin, 63000 Clermont-Ferrand";
    data.social_security_number = "2080363113042";
    return data;
  }

  events::Event Joined(const std::string& member, events::SealedData personal) {
    events::MemberJoined joined;
    joined.member_id.value = member;
    joined.regime = events::Regime::kCjsYouth;
    joined.personal = std::move(personal);
    return events::Event{"member/" + member, Date::FromYmd(2025, 7, 1).value(), joined};
  }

  events::Event Erased(const std::string& person) {
    events::PersonalDataErased erased;
    erased.person_id.value = person;
    erased.reason = "retention period over";
    return events::Event{"member/" + person, Date::FromYmd(2031, 1, 1).value(), erased};
  }

  events::SealedData SealedOf(events::Seq seq) {
    return std::get<events::MemberJoined>(store_->ReadLog(seq, 1).value()[0].body).personal;
  }
};

TEST_F(PersonalDataTest, SealedFieldsAreNotInClearInTheLogAndOpenWithTheKey) {
  Open();
  events::SealedData sealed = store_->Seal(events::PersonId{"M-0001"}, Lea()).value();
  ASSERT_TRUE(AppendOne("join", Joined("M-0001", sealed)).has_value());
  const events::SealedData stored = SealedOf(1);
  const std::string ciphertext(stored.ciphertext.begin(), stored.ciphertext.end());
  EXPECT_EQ(ciphertext.find("Martin"), std::string::npos);
  EXPECT_EQ(ciphertext.find("2080363113042"), std::string::npos);
  EXPECT_EQ(store_->Unseal(stored).value(), Lea());
}

TEST_F(PersonalDataTest, SealingTheSameDataTwiceGivesTheSameBytes) {
  Open();
  const events::PersonId person{"M-0001"};
  EXPECT_EQ(store_->Seal(person, Lea()).value(), store_->Seal(person, Lea()).value());
  events::PersonalData moved = Lea();
  moved.address = "3 place de Jaude";
  EXPECT_NE(store_->Seal(person, moved).value().nonce, store_->Seal(person, Lea()).value().nonce);
}

TEST_F(PersonalDataTest, ErasureMakesThePersonUnreadableAndTheChainStillVerifies) {
  Open();
  ASSERT_TRUE(AppendOne("j1", Joined("M-0001", store_->Seal(events::PersonId{"M-0001"}, Lea()).value())).has_value());
  ASSERT_TRUE(AppendOne("j2", Joined("M-0002", store_->Seal(events::PersonId{"M-0002"}, Lea()).value())).has_value());
  ASSERT_TRUE(AppendOne("erase", Erased("M-0001")).has_value());

  Result<events::PersonalData> erased = store_->Unseal(SealedOf(1));
  ASSERT_FALSE(erased.has_value());
  EXPECT_EQ(erased.error().code(), ErrorCode::kPersonalDataErased);
  EXPECT_TRUE(store_->Unseal(SealedOf(2)).has_value());  // Others are untouched.
  EXPECT_TRUE(store_->Verify(nullptr).value().ok());
  // No new data can be sealed for an erased person, and the erasure survives a reopen.
  EXPECT_EQ(store_->Seal(events::PersonId{"M-0001"}, Lea()).error().code(),
            ErrorCode::kPersonalDataErased);
  Open();
  EXPECT_EQ(store_->Unseal(SealedOf(1)).error().code(), ErrorCode::kPersonalDataErased);
  EXPECT_TRUE(store_->Verify(nullptr).value().ok());
}

TEST_F(PersonalDataTest, TamperedCiphertextDoesNotAuthenticate) {
  Open();
  events::SealedData sealed = store_->Seal(events::PersonId{"M-0001"}, Lea()).value();
  sealed.ciphertext[3] ^= 0x40;
  EXPECT_EQ(store_->Unseal(sealed).error().code(), ErrorCode::kCorruption);
}

TEST_F(PersonalDataTest, AnUnknownPersonHasNoKey) {
  Open();
  events::SealedData sealed = store_->Seal(events::PersonId{"M-0001"}, Lea()).value();
  sealed.person_id.value = "M-0404";
  EXPECT_EQ(store_->Unseal(sealed).error().code(), ErrorCode::kNotFound);
}

}  // namespace
}  // namespace coopledger::test
