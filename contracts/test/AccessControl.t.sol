// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {Base} from "./utils/Base.t.sol";
import {IBatteryInterface} from "../src/interfaces/IBatteryInterface.sol";
import {IBatteryProcess} from "../src/interfaces/IBatteryProcess.sol";
import {IBalanceProcess} from "../src/interfaces/IBalanceProcess.sol";
import {Role, Operation, BatteryStatus} from "../src/interfaces/BatteryTypes.sol";

/// @notice The access-control matrix: every state-changing function of BatteryInterface against every role (the
/// super account, an EV owner, a station operator, an unregistered account), each called directly and relayed
/// through the trusted forwarder (ERC-2771: the forwarder calls with the signer's address appended, which is what
/// `forwarder.execute` does after checking the signature; MetaTx.t.sol covers the signatures). Each cell is
/// either allowed (the call succeeds) or the exact revert. Then: BatteryProcess and BalanceProcess writes from
/// anyone but their controller revert.
contract AccessControlTest is Base {
    enum Who {
        Super,
        EV,
        Station,
        Stranger
    }

    uint256 internal constant WHO_COUNT = 4;

    // Fixtures each cell may act on, made in setUp.
    uint32 internal evBattery;
    uint32 internal stationBattery;
    uint32 internal swapId;
    uint32 internal freeEvBattery;
    uint32 internal freeStationBattery;

    function setUp() public override {
        super.setUp();
        (evBattery, stationBattery, swapId) = _requestSwap();
        freeEvBattery = _registerBattery(evOwner, _staticInfo(), _reading(10_000, 500));
        freeStationBattery = _registerBattery(operator, _staticInfo(), _reading(10_000, 500));
    }

    function _addr(Who who) internal view returns (address) {
        if (who == Who.Super) return superAccount;
        if (who == Who.EV) return evOwner;
        if (who == Who.Station) return operator;
        return stranger;
    }

    /// @dev Runs `data` on BatteryInterface as `who`, directly and relayed, from the same state each time, and
    /// checks the outcome: success when `expected` is empty, else exactly that revert.
    function _cell(Who who, bytes memory data, bytes memory expected) internal {
        address caller = _addr(who);
        for (uint256 relayed; relayed < 2; ++relayed) {
            uint256 snap = vm.snapshotState();
            bool ok;
            bytes memory ret;
            if (relayed == 1) {
                vm.prank(address(forwarder));
                (ok, ret) = address(iface).call(abi.encodePacked(data, caller));
            } else {
                vm.prank(caller);
                (ok, ret) = address(iface).call(data);
            }
            string memory where = string.concat(vm.toString(uint256(who)), relayed == 1 ? " relayed" : " direct");
            if (expected.length == 0) {
                assertTrue(ok, string.concat("should be allowed: ", where, " ", vm.toString(ret)));
            } else {
                assertFalse(ok, string.concat("should revert: ", where));
                assertEq(ret, expected, string.concat("wrong revert: ", where));
            }
            vm.revertToState(snap);
        }
    }

    /// @dev A super-account-only function: only Super may, everyone else gets NotSuperAccount.
    function _superOnly(bytes memory data) internal {
        for (uint256 w; w < WHO_COUNT; ++w) {
            Who who = Who(w);
            _cell(
                who,
                data,
                who == Who.Super
                    ? bytes("")
                    : abi.encodeWithSelector(IBatteryInterface.BatteryInterfaceNotSuperAccount.selector, _addr(who))
            );
        }
    }

    function _unauthorized(Who who, Role needed) internal view returns (bytes memory) {
        return
            abi.encodeWithSelector(IBatteryInterface.BatteryInterfaceUnauthorizedAccount.selector, _addr(who), needed);
    }

    function _notYours(Who who, uint32 id) internal view returns (bytes memory) {
        return abi.encodeWithSelector(IBatteryInterface.BatteryInterfaceNotYourBattery.selector, _addr(who), id);
    }

    // ------------------------------------------------------------------ super account functions

    function test_matrix_registerEVOwner() public {
        _superOnly(abi.encodeCall(iface.registerEVOwner, (makeAddr("new"), 9)));
    }

    function test_matrix_registerStationOperator() public {
        _superOnly(abi.encodeCall(iface.registerStationOperator, (makeAddr("new"), 9)));
    }

    function test_matrix_grantECoin() public {
        _superOnly(abi.encodeCall(iface.grantECoin, (evOwner, 1)));
    }

    function test_matrix_setFee() public {
        _superOnly(abi.encodeCall(iface.setFee, (Operation.Charge, 1)));
    }

    function test_matrix_setEnergyPrice() public {
        _superOnly(abi.encodeCall(iface.setEnergyPrice, (1)));
    }

    function test_matrix_setTreasury() public {
        _superOnly(abi.encodeCall(iface.setTreasury, (stranger)));
    }

    function test_matrix_setPaused() public {
        _superOnly(abi.encodeCall(iface.setPaused, (true)));
    }

    function test_matrix_setSuspended() public {
        _superOnly(abi.encodeCall(iface.setSuspended, (evOwner, true)));
        _superOnly(abi.encodeCall(iface.setSuspended, (operator, false)));
    }

    // AccessControl's own functions: the admin is the super account.

    function test_matrix_grantRole() public {
        bytes memory data = abi.encodeCall(iface.grantRole, (iface.SUPER_ROLE(), stranger));
        for (uint256 w; w < WHO_COUNT; ++w) {
            Who who = Who(w);
            _cell(
                who,
                data,
                who == Who.Super
                    ? bytes("")
                    : abi.encodeWithSelector(
                        IAccessControl.AccessControlUnauthorizedAccount.selector, _addr(who), iface.DEFAULT_ADMIN_ROLE()
                    )
            );
        }
    }

    function test_matrix_revokeRole() public {
        bytes memory data = abi.encodeCall(iface.revokeRole, (iface.SUPER_ROLE(), superAccount));
        for (uint256 w; w < WHO_COUNT; ++w) {
            Who who = Who(w);
            _cell(
                who,
                data,
                who == Who.Super
                    ? bytes("")
                    : abi.encodeWithSelector(
                        IAccessControl.AccessControlUnauthorizedAccount.selector, _addr(who), iface.DEFAULT_ADMIN_ROLE()
                    )
            );
        }
    }

    function test_matrix_renounceRole() public {
        // Anyone may renounce a role for itself (a no-op without it); nobody for another account.
        for (uint256 w; w < WHO_COUNT; ++w) {
            Who who = Who(w);
            _cell(who, abi.encodeCall(iface.renounceRole, (iface.SUPER_ROLE(), _addr(who))), "");
            if (who != Who.Super) {
                _cell(
                    who,
                    abi.encodeCall(iface.renounceRole, (iface.SUPER_ROLE(), superAccount)),
                    abi.encodeWithSelector(IAccessControl.AccessControlBadConfirmation.selector)
                );
            }
        }
    }

    // ------------------------------------------------------------------ device functions

    function test_matrix_registerBattery() public {
        bytes memory data = abi.encodeCall(iface.registerBattery, (_staticInfo(), _reading(), bytes32(0)));
        _cell(Who.Super, data, _unauthorized(Who.Super, Role.EVOwner));
        _cell(Who.EV, data, "");
        _cell(Who.Station, data, "");
        _cell(Who.Stranger, data, _unauthorized(Who.Stranger, Role.EVOwner));
    }

    function test_matrix_discharge() public {
        bytes memory evCall = abi.encodeCall(iface.discharge, (freeEvBattery, 1_000, 50, 60));
        bytes memory stationCall = abi.encodeCall(iface.discharge, (freeStationBattery, 1_000, 50, 60));
        _cell(Who.Super, evCall, _unauthorized(Who.Super, Role.EVOwner));
        _cell(Who.EV, evCall, "");
        _cell(Who.EV, stationCall, _notYours(Who.EV, freeStationBattery));
        _cell(Who.Station, stationCall, "");
        _cell(Who.Station, evCall, _notYours(Who.Station, freeEvBattery));
        _cell(Who.Stranger, evCall, _unauthorized(Who.Stranger, Role.EVOwner));
    }

    function test_matrix_charge() public {
        bytes memory stationCall = abi.encodeCall(iface.charge, (freeStationBattery, 15_000, 750, 60));
        bytes memory evCall = abi.encodeCall(iface.charge, (freeEvBattery, 15_000, 750, 60));
        _cell(Who.Super, stationCall, _unauthorized(Who.Super, Role.StationOperator));
        _cell(Who.EV, evCall, _unauthorized(Who.EV, Role.StationOperator));
        _cell(Who.Station, stationCall, "");
        _cell(Who.Station, evCall, _notYours(Who.Station, freeEvBattery));
        _cell(Who.Stranger, stationCall, _unauthorized(Who.Stranger, Role.StationOperator));
    }

    function test_matrix_reportCharging() public {
        bytes memory stationCall = abi.encodeCall(iface.reportCharging, (freeStationBattery, 15_000, 750));
        bytes memory evCall = abi.encodeCall(iface.reportCharging, (freeEvBattery, 15_000, 750));
        _cell(Who.Super, stationCall, _unauthorized(Who.Super, Role.StationOperator));
        _cell(Who.EV, evCall, _unauthorized(Who.EV, Role.StationOperator));
        _cell(Who.Station, stationCall, "");
        _cell(Who.Station, evCall, _notYours(Who.Station, freeEvBattery));
        _cell(Who.Stranger, stationCall, _unauthorized(Who.Stranger, Role.StationOperator));
    }

    function test_matrix_recycle() public {
        bytes memory stationCall = abi.encodeCall(iface.recycle, (freeStationBattery));
        _cell(Who.Super, stationCall, _unauthorized(Who.Super, Role.StationOperator));
        _cell(Who.EV, abi.encodeCall(iface.recycle, (freeEvBattery)), _unauthorized(Who.EV, Role.StationOperator));
        _cell(Who.Station, stationCall, "");
        _cell(Who.Station, abi.encodeCall(iface.recycle, (freeEvBattery)), _notYours(Who.Station, freeEvBattery));
        _cell(Who.Stranger, stationCall, _unauthorized(Who.Stranger, Role.StationOperator));
    }

    // ------------------------------------------------------------------ swap functions

    function test_matrix_requestSwap() public {
        bytes memory data = abi.encodeCall(iface.requestSwap, (freeEvBattery, freeStationBattery, type(uint256).max));
        _cell(Who.Super, data, _unauthorized(Who.Super, Role.EVOwner));
        _cell(Who.EV, data, "");
        _cell(Who.Station, data, _unauthorized(Who.Station, Role.EVOwner));
        _cell(Who.Stranger, data, _unauthorized(Who.Stranger, Role.EVOwner));
    }

    function test_matrix_approveSwap() public {
        bytes memory data = _approveData(swapId);
        _cell(Who.Super, data, _unauthorized(Who.Super, Role.StationOperator));
        _cell(Who.EV, data, _unauthorized(Who.EV, Role.StationOperator));
        _cell(Who.Station, data, "");
        _cell(Who.Stranger, data, _unauthorized(Who.Stranger, Role.StationOperator));
    }

    function test_matrix_denySwap() public {
        bytes memory data = _denyData(swapId);
        _cell(Who.Super, data, _unauthorized(Who.Super, Role.StationOperator));
        _cell(Who.EV, data, _unauthorized(Who.EV, Role.StationOperator));
        _cell(Who.Station, data, "");
        _cell(Who.Stranger, data, _unauthorized(Who.Stranger, Role.StationOperator));
    }

    function test_matrix_cancelSwap() public {
        bytes memory data = abi.encodeCall(iface.cancelSwap, (swapId));
        _cell(Who.Super, data, _unauthorized(Who.Super, Role.EVOwner));
        _cell(Who.EV, data, "");
        _cell(Who.Station, data, _unauthorized(Who.Station, Role.EVOwner));
        _cell(Who.Stranger, data, _unauthorized(Who.Stranger, Role.EVOwner));
    }

    /// @dev A registered role is not enough: the swap must be the caller's own.
    function test_matrix_swapPartiesOnly() public {
        (address ev2,) = _newEVOwner("ev2", 2);
        (address station2,) = _newStation("station2", 2);
        uint256 snap = vm.snapshotState();
        bytes memory notParty =
            abi.encodeWithSelector(IBatteryInterface.BatteryInterfaceNotSwapParty.selector, ev2, swapId);
        vm.prank(ev2);
        (bool ok, bytes memory ret) = address(iface).call(abi.encodeCall(iface.cancelSwap, (swapId)));
        assertFalse(ok);
        assertEq(ret, notParty);
        notParty = abi.encodeWithSelector(IBatteryInterface.BatteryInterfaceNotSwapParty.selector, station2, swapId);
        (bytes memory approve, bytes memory deny) = (_approveData(swapId), _denyData(swapId));
        vm.prank(station2);
        (ok, ret) = address(iface).call(approve);
        assertFalse(ok);
        assertEq(ret, notParty);
        vm.prank(station2);
        (ok, ret) = address(iface).call(deny);
        assertFalse(ok);
        assertEq(ret, notParty);
        vm.revertToState(snap);
    }

    // ------------------------------------------------------------------ the relayed path needs the real forwarder

    function test_relayedSuffixIgnoredFromUntrustedCaller() public {
        // Anyone else appending an address acts as itself, not as that address.
        vm.prank(stranger);
        (bool ok, bytes memory ret) =
            address(iface).call(abi.encodePacked(abi.encodeCall(iface.setPaused, (true)), superAccount));
        assertFalse(ok);
        assertEq(ret, abi.encodeWithSelector(IBatteryInterface.BatteryInterfaceNotSuperAccount.selector, stranger));
    }

    // ------------------------------------------------------------------ BatteryProcess and BalanceProcess writes

    function test_RevertWhen_batteryProcessWrittenByNonController() public {
        address[5] memory callers = [superAccount, evOwner, operator, stranger, address(forwarder)];
        for (uint256 i; i < callers.length; ++i) {
            bytes memory err = abi.encodeWithSelector(IBatteryProcess.BatteryProcessUnauthorized.selector, callers[i]);
            vm.startPrank(callers[i]);
            vm.expectRevert(err);
            bp.register(_staticInfo(), _reading(), callers[i], 1, 0);
            vm.expectRevert(err);
            bp.recordCharge(freeStationBattery, 20_000, 1000, 1);
            vm.expectRevert(err);
            bp.recordDischarge(freeEvBattery, 0, 0, 1);
            vm.expectRevert(err);
            bp.setStatus(freeEvBattery, BatteryStatus.Recycled);
            vm.expectRevert(err);
            bp.transfer(stationBattery, callers[i], 1);
            vm.expectRevert(err);
            bp.setController(callers[i]);
            vm.stopPrank();
        }
    }

    function test_RevertWhen_balanceProcessWrittenByNonController() public {
        address[5] memory callers = [superAccount, evOwner, operator, stranger, address(forwarder)];
        for (uint256 i; i < callers.length; ++i) {
            bytes memory err = abi.encodeWithSelector(IBalanceProcess.BalanceProcessUnauthorized.selector, callers[i]);
            vm.startPrank(callers[i]);
            vm.expectRevert(err);
            bal.mint(callers[i], 1);
            vm.expectRevert(err);
            bal.controllerTransfer(evOwner, callers[i], 1);
            vm.expectRevert(err);
            bal.setSuspended(callers[i], true);
            vm.expectRevert(err);
            bal.setController(callers[i]);
            vm.stopPrank();
        }
    }

    /// @dev The matrix again with the EV owner and the station operator suspended: each of their operations,
    /// direct and relayed, reverts with AccountSuspended, before any role or battery check.
    function test_matrix_suspendedSenderRefusedEverywhere() public {
        vm.startPrank(superAccount);
        iface.setSuspended(evOwner, true);
        iface.setSuspended(operator, true);
        vm.stopPrank();
        bytes[8] memory calls = [
            abi.encodeCall(iface.registerBattery, (_staticInfo(), _reading(), bytes32(0))),
            abi.encodeCall(iface.discharge, (freeEvBattery, 1_000, 50, 60)),
            abi.encodeCall(iface.charge, (freeStationBattery, 15_000, 750, 60)),
            abi.encodeCall(iface.recycle, (freeStationBattery)),
            abi.encodeCall(iface.requestSwap, (freeEvBattery, freeStationBattery, type(uint256).max)),
            _approveData(swapId),
            _denyData(swapId),
            abi.encodeCall(iface.cancelSwap, (swapId))
        ];
        Who[2] memory suspended = [Who.EV, Who.Station];
        for (uint256 c; c < calls.length; ++c) {
            for (uint256 w; w < suspended.length; ++w) {
                _cell(
                    suspended[w],
                    calls[c],
                    abi.encodeWithSelector(
                        IBatteryInterface.BatteryInterfaceAccountSuspended.selector, _addr(suspended[w])
                    )
                );
            }
        }
    }

    function test_RevertWhen_relayedCallerMovesAnothersECoin() public {
        // Relayed through the forwarder, a holder moves only its own E-coin.
        vm.prank(address(forwarder));
        (bool ok, bytes memory ret) =
            address(bal).call(abi.encodePacked(abi.encodeCall(bal.transferFrom, (evOwner, stranger, 1)), stranger));
        assertFalse(ok);
        assertEq(ret, abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, stranger, 0, 1));
    }
}
