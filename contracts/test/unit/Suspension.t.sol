// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC2771Forwarder} from "@openzeppelin/contracts/metatx/ERC2771Forwarder.sol";
import {Errors} from "@openzeppelin/contracts/utils/Errors.sol";
import {Base} from "../utils/Base.t.sol";
import {IBatteryInterface} from "../../src/interfaces/IBatteryInterface.sol";
import {IBalanceProcess} from "../../src/interfaces/IBalanceProcess.sol";
import {DynamicInfo, Role, SwapRequest, SwapStatus} from "../../src/interfaces/BatteryTypes.sol";

/// @notice The super account suspends one account (a stolen device's key) without pausing the others:
/// everything the account does reverts, directly or relayed, its batteries and E-coin stay as they are, and
/// lifting the suspension gives it all back.
contract SuspensionTest is Base {
    address internal evOwner2;
    uint256 internal evOwner2Key;
    uint32 internal evBattery;
    uint32 internal evBattery2;
    uint32 internal stationBattery;
    uint32 internal stationBattery2;

    function setUp() public override {
        super.setUp();
        (evOwner2, evOwner2Key) = _newEVOwner("evOwner2", 2);
        evBattery = _registerBattery(evOwner, _staticInfo("TOY"), _reading(5_000, 250));
        evBattery2 = _registerBattery(evOwner2, _staticInfo("TOY"), _reading(5_000, 250));
        stationBattery = _registerBattery(operator, _staticInfo("BYD"), _reading());
        stationBattery2 = _registerBattery(operator, _staticInfo("BYD"), _reading());
    }

    function _suspend(address account, bool on) internal {
        vm.prank(superAccount);
        iface.setSuspended(account, on);
    }

    function _suspended(address account) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IBatteryInterface.BatteryInterfaceAccountSuspended.selector, account);
    }

    // ------------------------------------------------------------------ setSuspended

    function test_setSuspended_setsFlagAndEmits() public {
        vm.expectEmit(true, false, false, true, address(iface));
        emit IBatteryInterface.AccountSuspended(evOwner, true);
        _suspend(evOwner, true);
        assertTrue(iface.isSuspended(evOwner));
        assertTrue(bal.isSuspended(evOwner));
        assertFalse(iface.isSuspended(evOwner2));
        // The role and unit stay: suspension takes nothing away.
        (Role role, uint32 unit) = iface.accountOf(evOwner);
        assertEq(uint8(role), uint8(Role.EVOwner));
        assertEq(unit, EV_UNIT);

        vm.expectEmit(true, false, false, true, address(iface));
        emit IBatteryInterface.AccountSuspended(evOwner, false);
        _suspend(evOwner, false);
        assertFalse(iface.isSuspended(evOwner));
        assertFalse(bal.isSuspended(evOwner));
    }

    function test_RevertWhen_setSuspended_callerNotSuper() public {
        address[3] memory callers = [evOwner, operator, stranger];
        for (uint256 i; i < callers.length; ++i) {
            vm.expectRevert(
                abi.encodeWithSelector(IBatteryInterface.BatteryInterfaceNotSuperAccount.selector, callers[i])
            );
            vm.prank(callers[i]);
            iface.setSuspended(evOwner2, true);
        }
        assertFalse(iface.isSuspended(evOwner2));
    }

    function test_RevertWhen_setSuspended_unregistered() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IBatteryInterface.BatteryInterfaceUnauthorizedAccount.selector, stranger, Role.EVOwner
            )
        );
        _suspend(stranger, true);
    }

    // ------------------------------------------------------------------ a suspended sender can do nothing

    function test_RevertWhen_suspendedEVOwner_anyOperation() public {
        _suspend(evOwner, true);
        vm.startPrank(evOwner);
        vm.expectRevert(_suspended(evOwner));
        iface.registerBattery(_staticInfo(), _reading(), bytes32(0));
        vm.expectRevert(_suspended(evOwner));
        iface.discharge(evBattery, 4_000, 200, 60);
        vm.expectRevert(_suspended(evOwner));
        iface.requestSwap(evBattery, stationBattery, type(uint256).max);
        vm.expectRevert(abi.encodeWithSelector(IBalanceProcess.BalanceProcessAccountSuspended.selector, evOwner));
        bal.transfer(stranger, 1);
        vm.expectRevert(abi.encodeWithSelector(IBalanceProcess.BalanceProcessAccountSuspended.selector, evOwner));
        bal.approve(stranger, 1);
        vm.stopPrank();
    }

    function test_RevertWhen_suspendedStation_anyOperation() public {
        vm.prank(evOwner);
        uint32 swapId = iface.requestSwap(evBattery, stationBattery, type(uint256).max);
        (bytes memory approve, bytes memory deny) = (_approveData(swapId), _denyData(swapId));
        _suspend(operator, true);
        vm.startPrank(operator);
        vm.expectRevert(_suspended(operator));
        iface.charge(stationBattery2, 20_000, 1000, 60);
        vm.expectRevert(_suspended(operator));
        iface.discharge(stationBattery2, 9_000, 400, 60);
        vm.expectRevert(_suspended(operator));
        iface.recycle(stationBattery2);
        (bool ok, bytes memory ret) = address(iface).call(approve);
        assertFalse(ok);
        assertEq(ret, _suspended(operator));
        (ok, ret) = address(iface).call(deny);
        assertFalse(ok);
        assertEq(ret, _suspended(operator));
        vm.stopPrank();
    }

    function test_RevertWhen_suspendedEVOwner_cancelSwap() public {
        vm.prank(evOwner);
        uint32 swapId = iface.requestSwap(evBattery, stationBattery, type(uint256).max);
        _suspend(evOwner, true);
        vm.expectRevert(_suspended(evOwner));
        vm.prank(evOwner);
        iface.cancelSwap(swapId);
    }

    function test_RevertWhen_suspendedHolder_allowanceSpent() public {
        vm.prank(evOwner);
        bal.approve(stranger, 500);
        _suspend(evOwner, true);
        vm.expectRevert(abi.encodeWithSelector(IBalanceProcess.BalanceProcessAccountSuspended.selector, evOwner));
        vm.prank(stranger);
        bal.transferFrom(evOwner, stranger, 500);
    }

    /// @dev Relayed: the forwarder checks the signature, the call reverts, the nonce stays unused; the same
    /// signed request runs once the suspension is lifted.
    function test_suspendedEVOwner_relayedRefusedThenServedWhenRestored() public {
        ERC2771Forwarder.ForwardRequestData memory req =
            _signedRequest(evOwnerKey, abi.encodeCall(iface.discharge, (evBattery, 4_000, 200, 60)));
        _suspend(evOwner, true);
        vm.expectRevert(Errors.FailedCall.selector);
        _relay(req);
        assertEq(forwarder.nonces(evOwner), 0);
        // The relayed call reverts inside with AccountSuspended (the forwarder appends the signer).
        vm.prank(address(forwarder));
        (bool ok, bytes memory ret) = address(iface).call(abi.encodePacked(req.data, evOwner));
        assertFalse(ok);
        assertEq(ret, _suspended(evOwner));

        _suspend(evOwner, false);
        _relay(req);
        assertEq(forwarder.nonces(evOwner), 1);
        assertEq(_dyn(evBattery).energyWh, 4_000);
    }

    // ------------------------------------------------------------------ its state stays; others are served

    function test_suspendedEVOwner_batteriesAndBalanceStay() public {
        DynamicInfo memory before = _dyn(evBattery);
        uint256 balanceBefore = bal.balanceOf(evOwner);
        _suspend(evOwner, true);
        vm.prank(evOwner);
        try iface.discharge(evBattery, 1_000, 50, 60) {
            revert("a suspended account discharged");
        } catch {}
        assertEq(keccak256(abi.encode(_dyn(evBattery))), keccak256(abi.encode(before)));
        assertEq(bal.balanceOf(evOwner), balanceBefore);
        // The super account may still grant it E-coin: the account is frozen, not closed.
        vm.prank(superAccount);
        iface.grantECoin(evOwner, 1);
        assertEq(bal.balanceOf(evOwner), balanceBefore + 1);
    }

    function test_suspendedEVOwner_othersUnaffected() public {
        _suspend(evOwner, true);
        vm.prank(evOwner2);
        iface.discharge(evBattery2, 4_000, 200, 60);
        vm.prank(evOwner2);
        uint32 swapId = iface.requestSwap(evBattery2, stationBattery2, type(uint256).max);
        bytes memory approve = _approveData(swapId);
        vm.prank(operator);
        (bool ok,) = address(iface).call(approve);
        assertTrue(ok);
        assertEq(_dyn(evBattery2).owner, operator);
        vm.prank(operator);
        iface.charge(evBattery2, 20_000, 1000, 60);
        vm.prank(evOwner2);
        bal.transfer(stranger, 1);
    }

    /// @dev A swap the account asked for before it was suspended: the station cannot approve it (the
    /// account's batteries stay), but can deny it, which unlocks both batteries and refunds the escrow.
    function test_suspendedEVOwner_pendingSwapDeniedNotApproved() public {
        vm.prank(evOwner);
        uint32 swapId = iface.requestSwap(evBattery, stationBattery, type(uint256).max);
        uint256 escrow = iface.getSwap(swapId).escrow;
        (bytes memory approve, bytes memory deny) = (_approveData(swapId), _denyData(swapId));
        _suspend(evOwner, true);
        vm.prank(operator);
        (bool ok, bytes memory ret) = address(iface).call(approve);
        assertFalse(ok);
        assertEq(ret, _suspended(evOwner));
        assertEq(_dyn(evBattery).owner, evOwner);

        uint256 before = bal.balanceOf(evOwner);
        vm.prank(operator);
        (ok,) = address(iface).call(deny);
        assertTrue(ok);
        assertEq(uint8(iface.getSwap(swapId).status), uint8(SwapStatus.Denied));
        assertEq(bal.balanceOf(evOwner), before + escrow);
    }

    function test_unsuspended_everythingWorksAgain() public {
        _suspend(evOwner, true);
        _suspend(evOwner, false);
        vm.startPrank(evOwner);
        iface.discharge(evBattery, 4_000, 200, 60);
        uint32 swapId = iface.requestSwap(evBattery, stationBattery, type(uint256).max);
        bal.transfer(stranger, 1);
        vm.stopPrank();
        SwapRequest memory s = iface.getSwap(swapId);
        vm.prank(operator);
        iface.approveSwap(swapId, s.evBatteryId, s.stationBatteryId, s.difference);
        assertEq(_dyn(stationBattery).owner, evOwner);
    }
}
